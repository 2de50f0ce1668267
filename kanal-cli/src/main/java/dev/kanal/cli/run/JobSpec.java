package dev.kanal.cli.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One job as the input gives it: a line of text (a line of stdin or of {@code --input}, or a
 * string in the config's {@code jobs}), or a set of named values (an object in {@code jobs},
 * such as seed 001's person {@code {"name": "Alice", "age": 30}}).
 *
 * @param number the job's number: 1, 2, 3... in input order. The job log and {@code --resume}
 *     know a job by it, so the same input must give the same numbers.
 * @param text what {@code {}} stands for: the line, or the object as compact JSON
 * @param fields the named values of an object job ({@code {name}} stands for one), in the
 *     object's order; empty for a line
 * @param object true for a job given as named values
 */
public record JobSpec(long number, String text, Map<String, String> fields, boolean object) {

  public JobSpec {
    Objects.requireNonNull(text, "text");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** A job given as a line of text. */
  public static JobSpec line(long number, String line) {
    return new JobSpec(number, line, Map.of(), false);
  }

  /** A job given as named values; {@code json} is the object as compact JSON. */
  public static JobSpec object(long number, String json, Map<String, String> fields) {
    return new JobSpec(number, json, fields, true);
  }

  /** The longest label, in characters: a message names a job, it does not repeat its input. */
  static final int LABEL_MAX = 80;

  /**
   * How messages name the job's input: the line, or the object's values ({@code Alice 30}); past
   * {@value #LABEL_MAX} characters, its start and "…" (a 3 MB line would otherwise be printed in
   * every notice about its job).
   */
  public String label() {
    String l = object ? String.join(" ", fields.values()) : text;
    if (l.length() <= LABEL_MAX || l.codePointCount(0, l.length()) <= LABEL_MAX) {
      return l;
    }
    return l.substring(0, l.offsetByCodePoints(0, LABEL_MAX - 1)) + "…";
  }
}

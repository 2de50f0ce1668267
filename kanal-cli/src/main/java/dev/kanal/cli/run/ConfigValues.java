package dev.kanal.cli.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each field of a {@link ConfigFile} is read: one small Jackson deserializer per kind of
 * value. Each reads the tokens itself and refuses anything else with a message that says what
 * it expected and what it got; Jackson attaches the field's name and the token's line and
 * column, and {@link ConfigReader} turns that into one line. No coercion: {@code "3"} is not a
 * number and {@code 2} is not a duration, because a config that means something else than it
 * says is worse than one that is refused.
 */
final class ConfigValues {
  private ConfigValues() {}

  /** The error for the current token: "expected X, got Y". */
  static JsonMappingException expected(JsonParser p, String what) throws IOException {
    return JsonMappingException.from(p, "expected " + what + ", got " + describe(p));
  }

  static JsonMappingException invalid(JsonParser p, String why) {
    return JsonMappingException.from(p, why);
  }

  /** The current token as a message shows it. */
  static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "the end of the file";
    }
    return switch (t) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> quoted(p.getText());
      case VALUE_NULL -> "null";
      case VALUE_TRUE, VALUE_FALSE, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  private static String quoted(String s) {
    String shown = s.length() > 40 ? s.substring(0, 37) + "..." : s;
    return "\"" + shown + "\"";
  }

  /** {@code workers}: a number, or a string "MIN..MAX". */
  static final class Workers extends JsonDeserializer<WorkerRange> {
    @Override
    public WorkerRange deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = switch (p.currentToken()) {
        case VALUE_NUMBER_INT, VALUE_STRING -> p.getText();
        default -> throw expected(p, "a number of workers such as 3, or a range such as \"2..8\"");
      };
      try {
        return WorkerRange.parse(text);
      } catch (IllegalArgumentException e) {
        throw invalid(p, e.getMessage());
      }
    }
  }

  /** {@code timeout}, {@code job-timeout}: a duration above zero. */
  static final class PositiveDuration extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      Duration d = duration(p);
      if (d.isZero()) {
        throw invalid(p, "must be more than 0 (leave the field out for no limit)");
      }
      return d;
    }
  }

  /** {@code backoff}: a duration, 0 allowed. */
  static final class AnyDuration extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return duration(p);
    }
  }

  private static Duration duration(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw expected(p, "a duration as a string with a unit, such as \"500ms\", \"2s\" or \"1m30s\"");
    }
    try {
      return Durations.parse(p.getText());
    } catch (IllegalArgumentException e) {
      throw invalid(p, e.getMessage());
    }
  }

  /** {@code retries}: a whole number, 0 or more. */
  static final class Count extends JsonDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        throw expected(p, "a whole number, 0 or more");
      }
      if (!p.getNumberType().equals(JsonParser.NumberType.INT) || p.getIntValue() < 0) {
        throw expected(p, "a whole number from 0 to " + Integer.MAX_VALUE);
      }
      return p.getIntValue();
    }
  }

  /** {@code fail-fast}, {@code resume}, {@code keep-order}, {@code progress}, {@code quiet}. */
  static final class Flag extends JsonDeserializer<Boolean> {
    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return switch (p.currentToken()) {
        case VALUE_TRUE -> Boolean.TRUE;
        case VALUE_FALSE -> Boolean.FALSE;
        default -> throw expected(p, "true or false");
      };
    }
  }

  /** {@code log}, {@code joblog}, {@code input}: a file name. */
  static final class FileName extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw expected(p, "a file name as a string");
      }
      if (p.getText().isBlank()) {
        throw invalid(p, "the file name is empty");
      }
      return p.getText();
    }
  }

  /** {@code critical-exit-codes}: an array of exit codes from 1 to 255. */
  static final class ExitCodes extends JsonDeserializer<List<Integer>> {
    @Override
    public List<Integer> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw expected(p, "an array of exit codes such as [3, 4]");
      }
      List<Integer> codes = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
            || !p.getNumberType().equals(JsonParser.NumberType.INT)
            || p.getIntValue() < 1
            || p.getIntValue() > 255) {
          throw expected(p, "an exit code from 1 to 255");
        }
        codes.add(p.getIntValue());
      }
      return List.copyOf(codes);
    }
  }

  /** {@code command}: the program and its arguments, an array of strings. */
  static final class Command extends JsonDeserializer<List<String>> {
    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        throw invalid(
            p,
            "expected an array such as [\"echo\", \"{}\"], got a string: no shell splits the"
                + " command, so give each argument as its own string");
      }
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw expected(p, "an array of strings such as [\"echo\", \"{}\"]");
      }
      List<String> args = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
          throw expected(p, "a string (each argument of the command is a string)");
        }
        args.add(p.getText());
      }
      if (args.isEmpty()) {
        throw invalid(p, "the command is empty: leave \"command\" out to run each job with sh -c");
      }
      if (args.getFirst().isEmpty()) {
        throw invalid(p, "the command's first element, the program to run, is empty");
      }
      return List.copyOf(args);
    }
  }

  /** {@code env}: an object of variables for the jobs; values may be strings, numbers or booleans. */
  static final class Env extends JsonDeserializer<Map<String, String>> {
    @Override
    public Map<String, String> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw expected(p, "an object of variables such as {\"MAX_AGE\": 35}");
      }
      Map<String, String> env = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (!RunSettings.isEnvName(name)) {
          throw invalid(p, "'" + name + "' is not a variable name (letters, digits and _, not first a digit)");
        }
        p.nextToken();
        env.put(name, scalar(p, "the value of " + name));
      }
      return Collections.unmodifiableMap(env);
    }
  }

  /** A string, number or boolean as text. */
  private static String scalar(JsonParser p, String what) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
      default -> throw expected(p, "a string, number or boolean for " + what);
    };
  }

  /**
   * {@code jobs}: an array whose elements are strings (a job's line; numbers and booleans are
   * taken as their text) or objects of named values.
   */
  static final class Jobs extends JsonDeserializer<List<JobSpec>> {
    @Override
    public List<JobSpec> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw expected(p, "an array of jobs, each a string or an object, e.g. [\"a\", \"b\"]");
      }
      List<JobSpec> jobs = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        long n = jobs.size() + 1;
        jobs.add(switch (p.currentToken()) {
          case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
              JobSpec.line(n, p.getText());
          case START_OBJECT -> object(p, n);
          default -> throw expected(p, "a job (a string or an object) as job " + n);
        });
      }
      return List.copyOf(jobs);
    }

    private static JobSpec object(JsonParser p, long n) throws IOException {
      JsonStringEncoder enc = JsonStringEncoder.getInstance();
      Map<String, String> fields = new LinkedHashMap<>();
      StringBuilder json = new StringBuilder("{");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        String value = scalar(p, "field \"" + name + "\" of job " + n);
        if (json.length() > 1) {
          json.append(',');
        }
        json.append('"').append(enc.quoteAsString(name)).append("\":");
        if (p.currentToken() == JsonToken.VALUE_STRING) {
          json.append('"').append(enc.quoteAsString(value)).append('"');
        } else {
          json.append(value);
        }
        fields.put(name, value);
      }
      if (fields.isEmpty()) {
        throw invalid(p, "job " + n + " is an empty object: give it fields, e.g. {\"name\": \"Alice\"}");
      }
      return JobSpec.object(n, json.append('}').toString(), fields);
    }
  }
}

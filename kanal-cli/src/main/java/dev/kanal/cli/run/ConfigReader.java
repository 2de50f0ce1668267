package dev.kanal.cli.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a {@code --config} file into a {@link ConfigFile}, and turns every way it can be wrong
 * into one line that names the file, the line and column, the field, and what is wrong:
 *
 * <pre>
 * person.json:3:3: unknown field "wrokers" (did you mean "workers"?)
 * person.json:4:14: "retries": expected a whole number, 0 or more, got "two"
 * person.json:2:1: invalid JSON: Unexpected character ('}' (code 125)): expected a value
 * </pre>
 *
 * <p>Strict JSON: unknown fields, duplicate keys and anything after the object are errors
 * (Jackson's {@code FAIL_ON_UNKNOWN_PROPERTIES}, {@code STRICT_DUPLICATE_DETECTION},
 * {@code FAIL_ON_TRAILING_TOKENS}); types are checked by {@link ConfigValues}. Jackson is
 * loaded only when a config is given, so plain {@code kanal run} starts without it.
 */
final class ConfigReader {
  private ConfigReader() {}

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /**
   * Reads {@code file}.
   *
   * @throws UsageException naming the file (and where in it) and what is wrong
   */
  static ConfigFile read(Path file) {
    String text = null;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
      ConfigFile c = MAPPER.readValue(text, ConfigFile.class);
      if (c == null) {
        throw new UsageException(file + ": the config is null; it must be a JSON object such as {\"workers\": 3}");
      }
      return c;
    } catch (NoSuchFileException e) {
      throw new UsageException("config file not found: " + file, e);
    } catch (AccessDeniedException e) {
      throw new UsageException("cannot read the config file " + file + ": permission denied", e);
    } catch (JsonProcessingException e) {
      throw new UsageException(message(file, text, e), e);
    } catch (IOException e) {
      throw new UsageException("cannot read the config file " + file + ": " + e.getMessage(), e);
    }
  }

  static String message(Path file, String text, JsonProcessingException e) {
    String where = where(file, e.getLocation());
    if (e instanceof UnrecognizedPropertyException u) {
      return where(file, nameLocation(text, u)) + "unknown field \"" + u.getPropertyName() + "\""
          + suggestion(u.getPropertyName(), u.getKnownPropertyIds());
    }
    if (e instanceof JsonParseException) {
      return where + "invalid JSON: " + parseProblem(firstLine(e.getOriginalMessage()));
    }
    if (e instanceof MismatchedInputException m && m.getPath().isEmpty()) {
      // The document itself is not an object: empty file, an array, a string...
      String orig = String.valueOf(m.getOriginalMessage());
      if (orig.startsWith("No content")) {
        return file + ": the file is empty; a config is a JSON object such as {\"workers\": 3}";
      }
      if (orig.contains("Trailing token")) {
        return where + "unexpected content after the config's closing }";
      }
      return where + "a config is a JSON object such as {\"workers\": 3}, not " + kindOfValue(text);
    }
    if (e instanceof JsonMappingException m) {
      return where + field(m.getPath()) + firstLine(m.getOriginalMessage());
    }
    return where + firstLine(e.getOriginalMessage());
  }

  private static final Pattern UNEXPECTED =
      Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\):? ?(.*)");

  /**
   * Jackson's words for a syntax error, in a user's: {@code Unexpected character ('}' (code
   * 125)): was expecting double-quote to start field name} reads {@code unexpected '}': expected
   * a field name in double quotes (a comma before it?)}.
   */
  static String parseProblem(String jackson) {
    Matcher m = UNEXPECTED.matcher(jackson);
    if (!m.matches()) {
      return jackson;
    }
    String c = m.group(1);
    String rest = m.group(2)
        .replace("was expecting double-quote to start field name", "expected a field name in double quotes")
        .replace("was expecting comma to separate Object entries", "expected a comma between fields")
        .replace("was expecting comma to separate Array entries", "expected a comma between values")
        .replace("was expecting a colon to separate field name and value", "expected a colon after the field name")
        .replace("expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
            "expected a value");
    String hint = c.equals("}") || c.equals("]") ? " (a comma before it?)" : "";
    return "unexpected '" + c + "'" + (rest.isBlank() ? "" : ": " + rest.strip()) + hint;
  }

  /** What the document is instead of an object: "an array", "a string"... */
  private static String kindOfValue(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return "nothing";
    }
    return switch (t.charAt(0)) {
      case '[' -> "an array";
      case '"' -> "a string";
      case 't', 'f' -> "a boolean";
      case 'n' -> "null";
      default -> "a number";
    };
  }

  /**
   * Where the unknown field's name is: Jackson reports where it stopped reading, after the
   * field's value; the name is the last {@code "name"} before that point.
   */
  private static JsonLocation nameLocation(String text, UnrecognizedPropertyException u) {
    JsonLocation loc = u.getLocation();
    if (text == null || loc == null || loc.getLineNr() < 1) {
      return loc;
    }
    List<String> lines = text.lines().toList();
    String quoted = "\"" + u.getPropertyName() + "\"";
    for (int line = Math.min(loc.getLineNr(), lines.size()); line >= 1; line--) {
      String l = lines.get(line - 1);
      int end = line == loc.getLineNr() ? Math.min(l.length(), Math.max(0, loc.getColumnNr() - 1)) : l.length();
      int at = l.lastIndexOf(quoted, end - 1);
      if (at >= 0) {
        return new JsonLocation(loc.contentReference(), -1L, line, at + 1);
      }
    }
    return loc;
  }

  private static String where(Path file, JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return file + ": ";
    }
    return file + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
  }

  private static String field(List<JsonMappingException.Reference> path) {
    if (path.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      if (r.getFieldName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return "\"" + sb + "\": ";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    // Jackson adds where it read; the caller already says so.
    int at = line.indexOf(" at [Source");
    return (at < 0 ? line : line.substring(0, at)).strip();
  }

  /** " (did you mean "workers"?)" for a near miss, else the list of fields. */
  static String suggestion(String name, Collection<Object> known) {
    List<String> names = known.stream().map(String::valueOf).sorted().toList();
    String normalized = name.replaceAll("([a-z])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(java.util.Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : names) {
      int d = Math.min(distance(name, k), distance(normalized, k));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    if (best != null && bestDistance <= Math.max(2, name.length() / 4)) {
      return " (did you mean \"" + best + "\"?)";
    }
    return "; the fields are " + names.stream().collect(Collectors.joining(", "));
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

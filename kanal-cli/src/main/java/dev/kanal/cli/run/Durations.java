package dev.kanal.cli.run;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them on a command line: {@code 500ms}, {@code 2s}, {@code 1.5s},
 * {@code 1m30s}, {@code 1h}, {@code 2d}; {@code 0} alone means zero. Units go from the largest
 * to the smallest, each at most once, as Go's {@code time.ParseDuration} reads them (with
 * {@code d} added and the rarely wanted {@code us}/{@code ns} left out).
 */
public final class Durations {
  private Durations() {}

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final String UNITS = "d, h, m, s, ms";
  private static final String EXAMPLE = "e.g. 500ms, 2s, 1m30s, 1h";
  /** 100 years; a long, not a BigDecimal: a BigDecimal made here cost 10 ms of every start. */
  private static final long MAX_NANOS = 100L * 365 * 86_400 * 1_000_000_000L;

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with a message that says what is wrong and how to write it
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a duration is needed (" + EXAMPLE + ")");
    }
    String s = text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.startsWith("-")) {
      throw new IllegalArgumentException("'" + text + "' is negative: a duration must be 0 or more");
    }
    if (s.matches("\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException(
          "'" + text + "' has no unit: write " + s + "s for seconds or " + s + "ms for milliseconds");
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    int lastRank = Integer.MAX_VALUE;
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("'" + text + "' is not a duration: " + whatIsWrong(s.substring(at)));
      }
      String unit = m.group(2);
      int rank = rank(unit);
      if (rank >= lastRank) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration: units go from the largest to the smallest, each once ("
                + EXAMPLE + ")");
      }
      lastRank = rank;
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPer(unit))));
      at = m.end();
    }
    if (nanos.compareTo(BigDecimal.valueOf(MAX_NANOS)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too long: at most 100 years");
    }
    // A fraction of a nanosecond (1.0000000001s) is rounded away.
    return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /** Why {@code rest}, the part that does not parse, is wrong. */
  private static String whatIsWrong(String rest) {
    Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)([^\\d.]*)").matcher(rest);
    if (m.lookingAt()) {
      String unit = m.group(2);
      return unit.isEmpty()
          ? "'" + m.group(1) + "' has no unit (" + UNITS + "; " + EXAMPLE + ")"
          : "unknown unit '" + unit + "' (use " + UNITS + "; " + EXAMPLE + ")";
    }
    return "expected a number and a unit at '" + rest + "' (" + EXAMPLE + ")";
  }

  private static int rank(String unit) {
    return switch (unit) {
      case "d" -> 4;
      case "h" -> 3;
      case "m" -> 2;
      case "s" -> 1;
      default -> 0; // ms
    };
  }

  private static long nanosPer(String unit) {
    return switch (unit) {
      case "d" -> 86_400_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "s" -> 1_000_000_000L;
      default -> 1_000_000L; // ms
    };
  }

  /**
   * A short form for messages and the summary: {@code 850ms}, {@code 2.31s}, {@code 1m05s},
   * {@code 1h02m}, {@code 0.0001ms}; parseable back by {@link #parse}.
   */
  public static String format(Duration d) {
    // Digits by hand: String.format's first call loads the locale's number formats, milliseconds
    // of a start for a summary line.
    long ms = d.toMillis();
    if (ms == 0 && d.isPositive()) {
      // Below a millisecond (--timeout 0.0001ms): the digits it has, not "0ms".
      String frac = Long.toString(1_000_000 + d.toNanos()).substring(1).replaceFirst("0+$", "");
      return "0." + frac + "ms";
    }
    if (ms < 1_000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      long hundredths = ms / 10;
      long frac = hundredths % 100;
      String f = frac == 0 ? "" : frac % 10 == 0 ? "." + frac / 10 : "." + twoDigits(frac);
      return hundredths / 100 + f + "s";
    }
    long s = ms / 1_000;
    if (s < 3_600) {
      return s / 60 + "m" + (s % 60 == 0 ? "" : twoDigits(s % 60) + "s");
    }
    long m = s / 60;
    return m / 60 + "h" + (m % 60 == 0 ? "" : twoDigits(m % 60) + "m");
  }

  private static String twoDigits(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }
}

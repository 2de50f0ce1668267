package dev.kanal.examples;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Times printed as Go prints a {@code time.Time} with {@code fmt.Println}: {@code 2026-11-24
 * 23:30:13.189429548 +0000 UTC m=+0.500802195}, in the local zone, the fraction without its
 * trailing zeros, and {@code m=} the seconds since the program started (Go's monotonic reading).
 */
public final class GoTime {
  private GoTime() {}

  /** Go's layout {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
  public static final DateTimeFormatter LAYOUT =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .appendPattern(" xx z")
          .toFormatter();

  /**
   * When the JVM started, to the millisecond (the process's start time as Linux gives it is only
   * to the second, and a launcher script runs before the JVM does).
   */
  private static final Instant START =
      Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());

  /** {@code t} as Go's {@code fmt.Println(t)} writes a time read from the clock. */
  public static String format(Instant t) {
    Duration m = Duration.between(START, t);
    String sign = m.isNegative() ? "-" : "+";
    Duration a = m.abs();
    String nanos = Long.toString(1_000_000_000L + a.getNano()).substring(1);
    return LAYOUT.format(t.atZone(ZoneId.systemDefault()))
        + " m=" + sign + a.getSeconds() + "." + nanos;
  }
}

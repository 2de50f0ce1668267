package dev.kanal.examples.seed001;

import java.math.BigDecimal;
import java.time.Duration;

/** Go's {@code time.Duration.String()} for the durations the seed prints: "267ms", "1.5s". */
final class GoDuration {
  private GoDuration() {}

  static String of(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return decimal(nanos, 3) + "µs";
    }
    if (nanos < 1_000_000_000) {
      return decimal(nanos, 6) + "ms";
    }
    long seconds = d.toSeconds();
    String s = decimal(nanos - (seconds - seconds % 60) * 1_000_000_000L, 9) + "s";
    long minutes = seconds / 60;
    if (minutes == 0) {
      return s;
    }
    return minutes >= 60 ? (minutes / 60) + "h" + (minutes % 60) + "m" + s : minutes + "m" + s;
  }

  private static String decimal(long nanos, int scale) {
    return BigDecimal.valueOf(nanos, scale).stripTrailingZeros().toPlainString();
  }
}

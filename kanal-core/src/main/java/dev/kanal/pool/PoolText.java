package dev.kanal.pool;

import java.time.Duration;

/** Small text helpers shared by the log formats and messages: short durations, one-line text. */
final class PoolText {
  private PoolText() {}

  /** Short and readable: {@code 850ns}, {@code 12µs}, {@code 234ms}, {@code 1.5s}, {@code 2m3s}. */
  static String duration(Duration d) {
    if (d == null) {
      return "-";
    }
    long n;
    try {
      n = d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.toString();
    }
    if (n < 1_000) {
      return n + "ns";
    }
    if (n < 1_000_000) {
      return n / 1_000 + "µs";
    }
    if (n < 1_000_000_000) {
      return n / 1_000_000 + "ms";
    }
    if (n < 60_000_000_000L) {
      long tenths = n / 100_000_000;
      return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
    }
    long s = n / 1_000_000_000;
    return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
  }

  /** {@code String.valueOf(o)} on one line: a log line never spans two. */
  static String oneLine(Object o) {
    String s = String.valueOf(o);
    if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return s.replace("\r\n", " ⏎ ").replace('\n', ' ').replace('\r', ' ');
  }

  /** An error as {@code Type: message}, on one line. */
  static String error(Throwable e) {
    if (e == null) {
      return "-";
    }
    String m = e.getMessage();
    return oneLine(m == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + m);
  }
}

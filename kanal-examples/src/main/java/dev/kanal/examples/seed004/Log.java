package dev.kanal.examples.seed004;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Go's standard {@code log} package, as the seed 004 programs use it: each line goes to
 * standard error, prefixed with the date and time ({@code 2009/11/10 23:00:00 }).
 */
final class Log {
  private Log() {}

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

  /** Go's {@code log.Println}: the operands separated by spaces. */
  static void println(Object... v) {
    output(Arrays.stream(v).map(String::valueOf).collect(Collectors.joining(" ")));
  }

  /** Go's {@code log.Printf}, with Java's format syntax. */
  static void printf(String format, Object... args) {
    output(String.format(format, args));
  }

  private static void output(String msg) {
    // One println per line: lines of concurrent goroutines never interleave.
    System.err.println(LocalDateTime.now().format(STAMP) + " " + msg);
  }
}

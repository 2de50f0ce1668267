package dev.kanal.examples;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The optional arguments of some demos: Go-style durations and counts, checked clearly. */
public final class DemoArgs {
  private DemoArgs() {}

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s)");

  /** A duration written as Go does ({@code 3s}, {@code 250ms}) at {@code index}, or {@code dflt}. */
  public static Duration duration(String[] args, int index, String name, Duration dflt) {
    if (args.length <= index) {
      return dflt;
    }
    Matcher m = DURATION.matcher(args[index].strip());
    if (!m.matches()) {
      throw new UsageException(
          name + " must be a duration such as 3s or 250ms, got '" + args[index] + "'");
    }
    long n = Long.parseLong(m.group(1));
    return m.group(2).equals("s") ? Duration.ofSeconds(n) : Duration.ofMillis(n);
  }

  /**
   * {@link #duration}, or, for a bad one, the usage line and exit status 64 ({@link
   * #exitWithUsage}): one line of a demo's {@code main}.
   */
  public static Duration durationOrExit(
      String demo, String[] args, int index, String name, Duration dflt) {
    try {
      return duration(args, index, name, dflt);
    } catch (UsageException e) {
      exitWithUsage(demo, e);
      throw e; // not reached: exitWithUsage exits
    }
  }

  /** A whole number of at least 1 at {@code index}, or {@code dflt}. */
  public static int count(String[] args, int index, String name, int dflt) {
    if (args.length <= index) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(args[index].strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(name + " must be a whole number of at least 1, got '" + args[index] + "'");
  }

  /** Bad input on the command line: the message says what is wrong; no stack trace. */
  public static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /** Prints {@code e}'s message on one line and exits with status 64 (EX_USAGE). */
  public static void exitWithUsage(String demo, UsageException e) {
    System.err.println(demo + ": " + e.getMessage());
    System.exit(64);
  }
}

package dev.kanal.cli.run;

/**
 * How many jobs run at once: {@code N} (a fixed pool) or {@code MIN..MAX} (the pool starts
 * {@code MIN} workers, grows to {@code MAX} while jobs wait, and lets idle ones above
 * {@code MIN} go).
 *
 * @param min workers kept even when idle (0 or more)
 * @param max workers at most (1 or more, at least {@code min})
 */
public record WorkerRange(int min, int max) {

  /** The most workers {@code kanal run} accepts: far beyond what a machine runs well. */
  public static final int LIMIT = 10_000;

  public WorkerRange {
    if (max < 1) {
      throw new IllegalArgumentException("at least 1 worker is needed, got " + max);
    }
    if (min < 0) {
      throw new IllegalArgumentException("the minimum number of workers cannot be negative");
    }
    if (min > max) {
      throw new IllegalArgumentException(
          "the minimum (" + min + ") is more than the maximum (" + max + "): write MIN..MAX");
    }
    if (max > LIMIT) {
      throw new IllegalArgumentException("at most " + LIMIT + " workers, got " + max);
    }
  }

  /** One worker per processor, as GNU parallel does by default. */
  public static WorkerRange perProcessor() {
    int n = Runtime.getRuntime().availableProcessors();
    return new WorkerRange(n, n);
  }

  /**
   * Parses {@code N} or {@code MIN..MAX}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static WorkerRange parse(String text) {
    String s = text == null ? "" : text.strip();
    int dots = s.indexOf("..");
    try {
      if (dots < 0) {
        int n = number(s);
        return new WorkerRange(n, n);
      }
      return new WorkerRange(number(s.substring(0, dots)), number(s.substring(dots + 2)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
    }
  }

  private static int number(String s) {
    if (!s.matches("\\d{1,9}")) {
      throw new IllegalArgumentException("expected a number N or a range MIN..MAX, e.g. 4 or 2..8");
    }
    return Integer.parseInt(s);
  }

  /** True when the pool can resize ({@code min < max}). */
  public boolean elastic() {
    return min < max;
  }

  @Override
  public String toString() {
    return elastic() ? min + ".." + max : String.valueOf(max);
  }
}

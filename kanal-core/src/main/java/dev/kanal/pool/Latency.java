package dev.kanal.pool;

import java.time.Duration;

/**
 * Percentiles of a set of durations, read from a {@link LatencyHistogram} (each within 12.5% of the
 * true value; {@code max} and {@code mean} are exact).
 *
 * @param count how many durations
 * @param meanNanos the mean
 * @param p50Nanos the median
 * @param p90Nanos the 90th percentile
 * @param p99Nanos the 99th percentile
 * @param maxNanos the largest
 */
public record Latency(
    long count, long meanNanos, long p50Nanos, long p90Nanos, long p99Nanos, long maxNanos) {

  static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

  /** The median. */
  public Duration p50() {
    return Duration.ofNanos(p50Nanos);
  }

  /** The 90th percentile. */
  public Duration p90() {
    return Duration.ofNanos(p90Nanos);
  }

  /** The 99th percentile. */
  public Duration p99() {
    return Duration.ofNanos(p99Nanos);
  }

  /** The largest. */
  public Duration max() {
    return Duration.ofNanos(maxNanos);
  }

  /** The mean. */
  public Duration mean() {
    return Duration.ofNanos(meanNanos);
  }

  @Override
  public String toString() {
    return count == 0
        ? "none"
        : "p50="
            + PoolText.duration(p50())
            + " p90="
            + PoolText.duration(p90())
            + " p99="
            + PoolText.duration(p99())
            + " max="
            + PoolText.duration(max())
            + " (n="
            + count
            + ")";
  }
}

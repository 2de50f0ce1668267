package dev.kanal.pool;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size histogram of durations in nanoseconds, with log-linear buckets in the manner of
 * HdrHistogram: values below 16 ns have a bucket each; above, every power of two is split into 8
 * buckets, so a bucket's width is at most 1/8 of its value and a percentile read from it is within
 * 12.5% of the truth, from 1 ns to the longest duration a {@code long} holds.
 *
 * <h2>Concurrency</h2>
 *
 * <p>One writer per histogram: each worker records into its own, so recording is two uncontended
 * release-stores (no CAS, no shared cache line). Readers ({@link #addTo}, for a metrics snapshot)
 * may run at any time and see each count a little late, never torn. Counts of a worker that ends
 * are merged into the pool's histogram under the pool's lock, and a snapshot sums the live ones
 * under the same lock, so no count is lost or read twice. Guarded by {@code LatencyHistogramTest}.
 */
final class LatencyHistogram {
  private static final int LINEAR = 16;
  private static final int SUB_BUCKETS = 8;
  static final int BUCKETS = LINEAR + (63 - 4) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /** [0] count, [1] sum of values, [2] max; single writer. */
  private final AtomicLongArray totals = new AtomicLongArray(3);

  /** Records one value; negative values count as 0. Single writer only. */
  void record(long nanos) {
    long v = Math.max(0L, nanos);
    int i = index(v);
    counts.setRelease(i, counts.getPlain(i) + 1);
    totals.setRelease(0, totals.getPlain(0) + 1);
    totals.setRelease(1, totals.getPlain(1) + v);
    if (v > totals.getPlain(2)) {
      totals.setRelease(2, v);
    }
  }

  /** Adds this histogram's counts into {@code into} (which may have several writers). */
  void addTo(LatencyHistogram into) {
    for (int i = 0; i < BUCKETS; i++) {
      long c = counts.getAcquire(i);
      if (c != 0) {
        into.counts.getAndAdd(i, c);
      }
    }
    into.totals.getAndAdd(0, totals.getAcquire(0));
    into.totals.getAndAdd(1, totals.getAcquire(1));
    into.totals.accumulateAndGet(2, totals.getAcquire(2), Math::max);
  }

  static int index(long v) {
    if (v < LINEAR) {
      return (int) v;
    }
    int major = 63 - Long.numberOfLeadingZeros(v); // >= 4
    int sub = (int) (v >>> (major - 3)) & (SUB_BUCKETS - 1);
    return LINEAR + (major - 4) * SUB_BUCKETS + sub;
  }

  /** The largest value that falls in bucket {@code i}. */
  static long upperBound(int i) {
    if (i < LINEAR) {
      return i;
    }
    int major = (i - LINEAR) / SUB_BUCKETS + 4;
    int sub = (i - LINEAR) % SUB_BUCKETS;
    long lower = (long) (SUB_BUCKETS + sub) << (major - 3);
    long width = 1L << (major - 3);
    return lower + width - 1 < 0 ? Long.MAX_VALUE : lower + width - 1;
  }

  /** The counts so far, as percentiles. */
  Latency snapshot() {
    long n = totals.getAcquire(0);
    if (n == 0) {
      return Latency.NONE;
    }
    long[] c = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      c[i] = counts.getAcquire(i);
      total += c[i];
    }
    long max = totals.getAcquire(2);
    return new Latency(
        total,
        totals.getAcquire(1) / Math.max(1, n),
        percentile(c, total, 0.50, max),
        percentile(c, total, 0.90, max),
        percentile(c, total, 0.99, max),
        max);
  }

  private static long percentile(long[] c, long total, double q, long max) {
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < c.length; i++) {
      seen += c[i];
      if (seen >= rank && c[i] > 0) {
        return Math.min(upperBound(i), max);
      }
    }
    return max;
  }
}

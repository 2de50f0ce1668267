package dev.kanal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed-size histogram of durations in nanoseconds, with log-linear buckets in the manner of
 * HdrHistogram: values below 16 ns have a bucket each; above, every power of two is split into 8
 * buckets, so a bucket's width is at most 1/8 of its value and a percentile read from it is within
 * 12.5% of the truth, from 1 ns to the longest duration a {@code long} holds.
 *
 * <h2>Concurrency and cost</h2>
 *
 * <p>One writer per histogram: each worker records into its own, so recording is a few plain loads
 * and release stores into one {@code long[]} (no CAS, no shared cache line). The array holds the
 * buckets, then the sum and the maximum, with 128 bytes of padding at each end, so that no other
 * object (the next worker's fields, say) shares a cache line with what is written on every job. The
 * count is not kept apart: it is the sum of the buckets, read only by a snapshot.
 *
 * <p>Readers ({@link #addTo}, for a metrics snapshot) may run at any time and see each count a
 * little late, never torn. Counts of a worker that ends are merged into the pool's histogram under
 * the pool's lock, and a snapshot sums the live ones under the same lock, so no count is lost or
 * read twice. Guarded by {@code LatencyHistogramTest}.
 */
final class LatencyHistogram {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  private static final int LINEAR = 16;
  private static final int SUB_BUCKETS = 8;
  static final int BUCKETS = LINEAR + (63 - 4) * SUB_BUCKETS;

  /** Longs of padding at each end of {@link #slots}: 128 bytes, two cache lines. */
  private static final int PAD = 16;

  private static final int SUM = PAD + BUCKETS;
  private static final int MAX = SUM + 1;

  /** [PAD..PAD+BUCKETS) bucket counts, then the sum of values and the maximum; single writer. */
  private final long[] slots = new long[MAX + 1 + PAD];

  /** Records one value; negative values count as 0. Single writer only. */
  void record(long nanos) {
    long v = Math.max(0L, nanos);
    long[] a = slots;
    int i = PAD + index(v);
    LONGS.setRelease(a, i, a[i] + 1);
    LONGS.setRelease(a, SUM, a[SUM] + v);
    if (v > a[MAX]) {
      LONGS.setRelease(a, MAX, v);
    }
  }

  private long read(int i) {
    return (long) LONGS.getAcquire(slots, i);
  }

  /**
   * Adds this histogram's counts into {@code into}. Callers that share {@code into} hold the pool's
   * lock; the adds are atomic all the same, as they cost nothing next to a snapshot.
   */
  void addTo(LatencyHistogram into) {
    long[] dst = into.slots;
    for (int i = PAD; i < SUM; i++) {
      long c = read(i);
      if (c != 0) {
        LONGS.getAndAdd(dst, i, c);
      }
    }
    LONGS.getAndAdd(dst, SUM, read(SUM));
    long max = read(MAX);
    long m;
    while ((m = (long) LONGS.getVolatile(dst, MAX)) < max
        && !LONGS.compareAndSet(dst, MAX, m, max)) {
      Thread.onSpinWait();
    }
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
    long[] c = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      c[i] = read(PAD + i);
      total += c[i];
    }
    if (total == 0) {
      return Latency.NONE;
    }
    long max = read(MAX);
    return new Latency(
        total,
        read(SUM) / total,
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

package dev.kanal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A few atomic counters, split into stripes that each sit alone on their own 128 bytes of one
 * {@code long[]}: a party that counts on every job adds to its own stripe, and no two stripes, nor a
 * stripe and any other object, share a cache line.
 *
 * <p>Why not {@link java.util.concurrent.atomic.LongAdder}: its cells are padded, but its base and
 * cell-array fields are not, and objects allocated one after another (a pool's counters, its
 * {@code AtomicLong}s, its channels) land on the same cache lines. Profiling the pool showed the
 * submitter's counter, the workers' counters and the worker count sharing lines, so that every job
 * moved those lines between cores several times. Here the stripe is chosen by the caller (a worker
 * uses its id), so the hot path is one uncontended {@code lock xadd} on a line its core owns.
 *
 * <p>Reading ({@link #sum}) adds every stripe with volatile reads; a sum is exact once the writers
 * are done and, while they run, never counts an increment that has not happened.
 */
final class StripedCounters {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  /** Longs per stripe: 128 bytes, two cache lines, so that adjacent-line prefetch cannot pair two. */
  private static final int STRIDE = 16;

  private final long[] slots;
  private final int mask;

  /**
   * @param stripes a power of two
   * @param fields counters per stripe, at most {@value #STRIDE}
   */
  StripedCounters(int stripes, int fields) {
    if (Integer.bitCount(stripes) != 1 || fields < 1 || fields > STRIDE) {
      throw new IllegalArgumentException("stripes must be a power of two, fields 1.." + STRIDE);
    }
    this.mask = stripes - 1;
    // One stride of padding before the first stripe (after the array header) and after the last.
    this.slots = new long[(stripes + 2) * STRIDE];
  }

  /**
   * A stripe count for counters that every worker hits: twice the processors, rounded up to a power
   * of two, at most 64. Workers pick their stripe by id, and more workers than processors share
   * stripes; twice as many stripes as threads that can run at once keeps two running workers on one
   * stripe unlikely, and a sum still reads few lines.
   */
  static int stripesForProcessors() {
    int n = 2 * Runtime.getRuntime().availableProcessors();
    return Math.min(64, Integer.highestOneBit(Math.max(1, n - 1)) << 1);
  }

  private int at(int stripe, int field) {
    return ((stripe & mask) + 1) * STRIDE + field;
  }

  /** Adds {@code delta} to {@code field} in stripe {@code stripe} (any int; masked); atomic. */
  long getAndAdd(int stripe, int field, long delta) {
    return (long) LONGS.getAndAdd(slots, at(stripe, field), delta);
  }

  void increment(int stripe, int field) {
    LONGS.getAndAdd(slots, at(stripe, field), 1L);
  }

  /** The sum of {@code field} over every stripe. */
  long sum(int field) {
    long s = 0;
    for (int i = 0; i <= mask; i++) {
      s += (long) LONGS.getVolatile(slots, at(i, field));
    }
    return s;
  }
}

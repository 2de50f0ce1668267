package dev.kanal.pool;

import java.util.concurrent.atomic.LongAdder;

/**
 * A pool's event counters: {@link LongAdder}s, so that workers on many cores counting at once never
 * contend on one cache line. Read (summed) only for a {@link PoolMetrics} snapshot.
 */
final class PoolCounters {
  final LongAdder rejected = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder timedOut = new LongAdder();
}

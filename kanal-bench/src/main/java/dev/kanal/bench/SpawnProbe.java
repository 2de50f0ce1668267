package dev.kanal.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The Spawn shape measured outside JMH, all three figures from the same crowd of N goroutines
 * parked on one receive ({@link Parked}), a few cycles in one JVM:
 *
 * <ul>
 *   <li>{@code Spawn.start}: seconds from the first start until every goroutine has begun;
 *   <li>{@code Spawn.bytes}: heap in use after a full GC with all N parked, minus heap in use
 *       after a full GC before starting them, divided by N. A parked virtual thread's stack
 *       lives in the heap (as stack chunks), so this counts the thread, its stack and whatever
 *       the channel keeps per waiter. (Go's side counts heap plus goroutine stacks.)
 *   <li>{@code Spawn.release}: seconds from the release ({@code close} for a channel) until
 *       every goroutine has run to its end.
 * </ul>
 *
 * <p>A first, smaller crowd warms up classes, JIT code and carrier threads and is not reported.
 * The JMH benchmark {@link Spawn} times start and release too (one shot per iteration, a whole
 * cycle outside the measurement each time); this probe needs one cycle for all three figures,
 * which is what lets {@code compare --quick} afford a million goroutines per implementation.
 *
 * <pre>java -cp benchmarks.jar dev.kanal.bench.SpawnProbe IMPL [N [CYCLES]]</pre>
 *
 * <p>Prints {@code SHAPE<TAB>IMPL<TAB>VALUE} lines, one per figure and cycle.
 */
public final class SpawnProbe {
  private SpawnProbe() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 3) {
      System.err.println(
          "usage: SpawnProbe IMPL [N [CYCLES]]   (IMPL: kanal, jox, latch-vt, unpark-vt, lbq-vt;"
              + " N defaults to 1000000, CYCLES to 2)");
      System.exit(2);
    }
    String impl = args[0];
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    try {
      new Parked(impl, 1); // fails at once on an unknown implementation
    } catch (IllegalArgumentException e) {
      System.err.println("SpawnProbe: " + e.getMessage());
      System.exit(2);
    }

    Parked warmUp = new Parked(impl, Math.min(n, 100_000));
    warmUp.start();
    warmUp.awaitParked();
    warmUp.release();
    warmUp.awaitFinished();

    for (int c = 0; c < cycles; c++) {
      Parked parked = new Parked(impl, n);
      long before = usedAfterGc();
      long t0 = System.nanoTime();
      parked.start();
      double start = (System.nanoTime() - t0) / 1e9;
      parked.awaitParked();
      long after = usedAfterGc();
      long t1 = System.nanoTime();
      parked.release();
      parked.awaitFinished();
      double release = (System.nanoTime() - t1) / 1e9;
      System.out.printf("Spawn.start\t%s\t%.6f%n", impl, start);
      System.out.printf("Spawn.release\t%s\t%.6f%n", impl, release);
      System.out.printf("Spawn.bytes\t%s\t%.1f%n", impl, (after - before) / (double) n);
      System.out.flush();
    }
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // A few rounds: the first may leave work for the next (references, cleaners).
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}

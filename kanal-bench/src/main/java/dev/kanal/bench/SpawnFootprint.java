package dev.kanal.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Bytes of heap per parked goroutine, for the Spawn shape: the heap in use after a full GC with
 * N goroutines parked on one receive, minus the heap in use after a full GC before starting
 * them, divided by N. A parked virtual thread's stack lives in the heap (as stack chunks), so
 * this counts the thread object, its stack and whatever the channel keeps per waiter. Run one
 * implementation per JVM:
 *
 * <pre>java -cp benchmarks.jar dev.kanal.bench.SpawnFootprint IMPL [N]</pre>
 *
 * <p>Prints one line: {@code Spawn.bytes<TAB>IMPL<TAB>bytes-per-goroutine}.
 */
public final class SpawnFootprint {
  private SpawnFootprint() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: SpawnFootprint IMPL [N]   (IMPL: kanal, jox, latch-vt, unpark-vt, lbq-vt)");
      System.exit(2);
    }
    String impl = args[0];
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    // A warm-up crowd, so that classes, JIT code and carrier threads are not counted.
    cycle(new Parked(impl, Math.min(n, 10_000)));

    Parked parked = new Parked(impl, n);
    long before = usedAfterGc();
    parked.start();
    parked.awaitParked();
    long after = usedAfterGc();
    parked.release();
    parked.awaitFinished();
    System.out.printf("Spawn.bytes\t%s\t%.1f%n", impl, (after - before) / (double) n);
  }

  private static void cycle(Parked p) {
    p.start();
    p.awaitParked();
    p.release();
    p.awaitFinished();
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

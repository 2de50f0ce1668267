package dev.kanal.bench;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the probes that run apart from the scheduler share ({@link SemProbe}, {@link LineProbe}):
 * two platform threads, one per core on the machine the figures come from, started together and
 * timed from a barrier they both pass to a barrier they both reach, and the parsing of their
 * count arguments.
 */
final class TwoThreads {
  private TwoThreads() {}

  /**
   * Runs {@code first} and {@code second} on two platform threads at once; returns the nanoseconds
   * from the moment both were ready to the moment both were done. A party that throws fails the
   * round, named after {@code probe}, once the other party is done too.
   */
  static long race(String probe, Callable<?> first, Callable<?> second) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(3);
    Thread[] threads = new Thread[2];
    Callable<?>[] bodies = {first, second};
    AtomicReference<Throwable> failed = new AtomicReference<>();
    for (int t = 0; t < 2; t++) {
      Callable<?> body = bodies[t];
      threads[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      barrier.await();
                      try {
                        body.call();
                      } catch (Exception e) {
                        failed.compareAndSet(null, e); // still reaches the end barrier below
                      }
                      barrier.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      failed.compareAndSet(null, e);
                    } catch (BrokenBarrierException e) {
                      failed.compareAndSet(null, e);
                    }
                  });
    }
    long elapsed;
    try {
      barrier.await();
      long t0 = System.nanoTime();
      barrier.await();
      elapsed = System.nanoTime() - t0;
    } finally {
      for (Thread t : threads) {
        t.join();
      }
    }
    if (failed.get() != null) {
      throw new IllegalStateException(probe + ": a party failed", failed.get());
    }
    return elapsed;
  }

  /** A positive count from the command line, or one line on stderr and exit status 2. */
  static int positive(String probe, String name, String arg) {
    try {
      int n = Integer.parseInt(arg);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, as a negative number is
    }
    System.err.println(probe + ": " + name + " must be a positive whole number, not '" + arg + "'");
    System.exit(2);
    return 0;
  }
}

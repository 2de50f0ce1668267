package dev.kanal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a benchmark's parties, each on its own thread of one {@link ThreadKind}, and waits for all
 * of them: the JVM's counterpart of Go's {@code b.RunParallel} and of the goroutines a Go
 * benchmark starts.
 *
 * <p>Virtual parties are fresh virtual threads per run (what that costs, and why each run is
 * long, is below). Platform parties come from a cached pool that lives as long as the crew, so
 * that a run does not pay for creating OS threads.
 *
 * <h2>Long enough invocations</h2>
 *
 * <p>Starting a crew is not free on the JVM. Waking the parked carrier that the second party
 * needs took 47 us at the median and 95 us at the 90th percentile on the 2-core machine of
 * docs/BENCHMARKS.md (two parties of 0.5 ms each, 4,000 runs). Under JMH, invocations of half a
 * millisecond also fell, after a few seconds, into a mode where the parties ran one after the
 * other: ChanClosed measured 2.7 to 7 ns per receive where the same code with 25 times longer
 * invocations holds 1.1 to 1.2 ns. Go's {@code b.RunParallel} starts its goroutines once for the
 * whole of {@code b.N}, about a second of work, and never pays this. So each shape's invocation
 * is long against it: 5 to 200 ms of work on Kanal, except ChanNonblocking (1.6 ms), whose count
 * is capped by jox: every implementation runs the same count, and the slowest ones (jox, a JDK
 * queue on platform threads) take up to about a second an invocation, which quick mode's
 * 15-minute budget allows. The before and after figures are in docs/BENCHMARKS.md.
 *
 * <p>The JMH thread that calls {@link #run} only waits; it is a platform thread and never takes
 * part in the exchange, so that a virtual-thread shape is virtual on every side. When JMH
 * interrupts it (its iteration timeout), the parties are interrupted too, so that a shape that
 * hangs fails instead of blocking the whole run.
 */
final class Crew implements AutoCloseable {
  private final ThreadKind kind;
  private final ExecutorService platform;

  private Crew(ThreadKind kind) {
    this.kind = kind;
    this.platform =
        kind == ThreadKind.PLATFORM
            ? Executors.newCachedThreadPool(
                r -> {
                  Thread t = new Thread(r, "bench-platform");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /** A crew of the thread kind that {@code impl} names (see {@link ThreadKind#of}). */
  static Crew forImpl(String impl) {
    return new Crew(ThreadKind.of(impl));
  }

  ThreadKind kind() {
    return kind;
  }

  /** Runs every party on its own thread and returns when all have finished. */
  void run(Runnable... parties) {
    run(List.of(parties));
  }

  /** Runs {@code n} parties, party {@code i} running {@code body.run(i)}; returns when all end. */
  void run(int n, Party body) {
    List<Runnable> parties = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      parties.add(() -> body.run(index));
    }
    run(parties);
  }

  void run(List<Runnable> parties) {
    if (kind == ThreadKind.VIRTUAL) {
      runVirtual(parties);
    } else {
      runPlatform(parties);
    }
  }

  private static void runVirtual(List<Runnable> parties) {
    Throwable[] failure = new Throwable[1];
    Thread[] threads = new Thread[parties.size()];
    for (int i = 0; i < threads.length; i++) {
      Runnable party = parties.get(i);
      threads[i] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      party.run();
                    } catch (Throwable e) {
                      // Said at once: a failed party can leave the others blocked forever.
                      System.err.println("benchmark party failed: " + e);
                      e.printStackTrace();
                      synchronized (failure) {
                        if (failure[0] == null) {
                          failure[0] = e;
                        }
                      }
                    }
                  });
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        // JMH's iteration timeout: free the parties (they may be blocked forever) and give up.
        for (Thread other : threads) {
          other.interrupt();
        }
        throw Interrupted.rethrow(e);
      }
    }
    synchronized (failure) {
      if (failure[0] != null) {
        throw new IllegalStateException("a benchmark party failed", failure[0]);
      }
    }
  }

  private void runPlatform(List<Runnable> parties) {
    List<Future<?>> futures = new ArrayList<>(parties.size());
    for (Runnable party : parties) {
      futures.add(platform.submit(party));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("a benchmark party failed", e.getCause());
      } catch (InterruptedException e) {
        // JMH's iteration timeout: free the parties (they may be blocked forever) and give up.
        for (Future<?> other : futures) {
          other.cancel(true);
        }
        throw Interrupted.rethrow(e);
      }
    }
  }

  static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (platform != null) {
      platform.shutdownNow();
    }
  }

  /** One party of {@link #run(int, Party)}. */
  @FunctionalInterface
  interface Party {
    void run(int index);
  }
}

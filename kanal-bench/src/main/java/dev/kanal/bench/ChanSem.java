package dev.kanal.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Go's BenchmarkChanSem: a channel of capacity cores used as a counting semaphore; one
 * goroutine per core acquires (send) and releases (receive). Time per acquire/release pair.
 * The JDK's nearest are a bounded queue used the same way and {@link Semaphore} itself
 * ({@code sem-vt}, {@code sem-pt}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChanSem {
  static final int OPS = 403_200;

  @Param({"kanal", "jox", "abq-vt", "abq-pt", "sem-vt", "sem-pt"})
  public String impl;

  private Pipe ch;
  private Semaphore sem;
  private Crew crew;

  @Setup
  public void setup() {
    if (impl.startsWith("sem-")) {
      sem = new Semaphore(Split.cores());
    } else {
      ch = Pipe.of(impl, Split.cores());
    }
    crew = Crew.forImpl(impl);
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public void run() {
    int procs = Split.cores();
    crew.run(
        procs,
        p -> {
          int n = Split.share(OPS, procs, p);
          if (sem != null) {
            semaphore(sem, n);
          } else {
            channel(ch, n);
          }
        });
  }

  private static void channel(Pipe c, int n) {
    for (int i = 0; i < n; i++) {
      c.send(Values.ONE);
      c.receive();
    }
  }

  private static void semaphore(Semaphore s, int n) {
    try {
      for (int i = 0; i < n; i++) {
        s.acquire();
        s.release();
      }
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }
}

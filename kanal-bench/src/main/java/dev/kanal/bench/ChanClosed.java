package dev.kanal.bench;

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
 * Go's BenchmarkChanClosed: one goroutine per core receives, without blocking, from one shared
 * closed channel. Time per receive. No JDK entry: the JDK's queues cannot be closed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChanClosed {
  /** Receives per invocation: at 1 ns each, 10 ms (see {@link Crew}); a second on jox. */
  static final int OPS = 10_080_000;

  @Param({"kanal", "jox"})
  public String impl;

  private Pipe ch;
  private Crew crew;

  @Setup
  public void setup() {
    ch = Pipe.of(impl, 0);
    ch.close();
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
    Pipe c = ch;
    crew.run(
        procs,
        p -> {
          int n = Split.share(OPS, procs, p);
          for (int i = 0; i < n; i++) {
            if (c.tryReceive() != null) {
              throw new IllegalStateException("a closed, empty channel gave a value");
            }
          }
        });
  }
}

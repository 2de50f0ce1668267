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
 * Go's BenchmarkChanNonblocking: one goroutine per core polls one shared unbuffered channel
 * that nobody sends on ({@code select { case <-c: default: }}). Kanal's own spelling of that is
 * {@code tryReceive()}; jox's is a select with a default clause; the JDK's is {@code poll()}.
 * Time per attempt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChanNonblocking {
  /** Polls per invocation: 1.6 ms on Kanal, a second on jox, which caps it (see {@link Crew}). */
  static final int OPS = 4_032_000;

  @Param({"kanal", "jox", "sq-vt", "sq-pt", "ltq-vt", "ltq-pt"})
  public String impl;

  private Pipe ch;
  private Crew crew;

  @Setup
  public void setup() {
    ch = Pipe.of(impl, 0);
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
              throw new IllegalStateException("nobody sends on this channel");
            }
          }
        });
  }
}

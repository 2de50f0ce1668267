package dev.kanal.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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
 * Go's BenchmarkChanCreation: one goroutine per core repeatedly makes a channel of capacity 1,
 * sends one value and receives it. Time per channel. The received values are summed into a
 * shared sink so that no JIT can drop the work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChanCreation {
  /** Channels per invocation: about 15 ms on Kanal (see {@link Crew}). */
  static final int CHANNELS = 806_400;

  @Param({"kanal", "jox", "abq-vt", "abq-pt", "lbq-vt", "ltq-vt"})
  public String impl;

  private Crew crew;
  private final AtomicLong sink = new AtomicLong();

  @Setup
  public void setup() {
    crew = Crew.forImpl(impl);
  }

  @TearDown
  public void tearDown() {
    crew.close();
    if (sink.get() % CHANNELS != 0) {
      throw new IllegalStateException("lost values: " + sink.get());
    }
  }

  @Benchmark
  @OperationsPerInvocation(CHANNELS)
  public void run() {
    int procs = Split.cores();
    Supplier<Pipe> make = Pipe.factory(impl, 1);
    crew.run(
        procs,
        p -> {
          int n = Split.share(CHANNELS, procs, p);
          long sum = 0;
          for (int i = 0; i < n; i++) {
            Pipe c = make.get();
            c.send(Values.ONE);
            sum += c.receive();
          }
          sink.addAndGet(sum);
        });
  }
}

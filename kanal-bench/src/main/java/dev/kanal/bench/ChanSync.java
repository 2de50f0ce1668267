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
 * Go's BenchmarkChanSync: two goroutines exchange values over one unbuffered channel, each
 * receiving then sending (the other sending then receiving). Time per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChanSync {
  /** Sends per invocation: about 12 ms on Kanal, a second on platform threads ({@link Crew}). */
  static final int ROUNDS = 20_000;

  @Param({"kanal", "jox", "sq-vt", "sq-pt", "ltq-vt", "ltq-pt"})
  public String impl;

  private Pipe c;
  private Crew crew;

  @Setup
  public void setup() {
    c = Pipe.of(impl, 0);
    crew = Crew.forImpl(impl);
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  @OperationsPerInvocation(2 * ROUNDS)
  public void run() {
    Pipe ch = c;
    crew.run(
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            ch.receive();
            ch.send(Values.ONE);
          }
        },
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            ch.send(Values.ONE);
            ch.receive();
          }
        });
  }
}

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
 * Go's BenchmarkChanUncontended: one goroutine per core, each with its own channel of capacity
 * 100, repeatedly sends 100 values then receives them. Time per message (one send and one
 * receive); Go reports per 100 messages, the compare script divides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChanUncontended {
  static final int C = 100;
  /** Rounds of {@link #C} messages per invocation: about 13 ms on Kanal (see {@link Crew}). */
  static final int ROUNDS = 8_400;

  @Param({"kanal", "jox", "abq-vt", "abq-pt", "lbq-vt", "lbq-pt", "ltq-vt", "ltq-pt"})
  public String impl;

  private Pipe[] chans;
  private Crew crew;

  @Setup
  public void setup() {
    chans = new Pipe[Split.cores()];
    for (int i = 0; i < chans.length; i++) {
      chans[i] = Pipe.of(impl, C);
    }
    crew = Crew.forImpl(impl);
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS * C)
  public void run() {
    int procs = chans.length;
    crew.run(procs, p -> sendThenReceive(chans[p], Split.share(ROUNDS, procs, p)));
  }

  /** The body of Go's Chan(Un)Contended: {@code rounds} times, C sends then C receives. */
  static void sendThenReceive(Pipe ch, int rounds) {
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < C; i++) {
        ch.send(Values.ONE);
      }
      for (int i = 0; i < C; i++) {
        ch.receive();
      }
    }
  }
}

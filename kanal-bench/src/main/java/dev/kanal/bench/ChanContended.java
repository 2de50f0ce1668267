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
 * Go's BenchmarkChanContended: one goroutine per core, all on one shared channel of capacity
 * 100 x cores, each repeatedly sending 100 values then receiving 100. No party ever blocks (the
 * capacity is enough for all), so this measures the contended channel's fast paths. Time per
 * message; Go reports per 100 messages, the compare script divides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChanContended {
  @Param({"kanal", "jox", "abq-vt", "abq-pt", "lbq-vt", "lbq-pt", "ltq-vt", "ltq-pt"})
  public String impl;

  private Pipe ch;
  private Crew crew;

  @Setup
  public void setup() {
    ch = Pipe.of(impl, ChanUncontended.C * Split.cores());
    crew = Crew.forImpl(impl);
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  @OperationsPerInvocation(ChanUncontended.ROUNDS * ChanUncontended.C)
  public void run() {
    int procs = Split.cores();
    crew.run(
        procs,
        p -> ChanUncontended.sendThenReceive(ch, Split.share(ChanUncontended.ROUNDS, procs, p)));
  }
}

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
 * Go's BenchmarkChanProdCons0: cores producers and cores consumers on one channel of capacity
 * 0 (see {@link ProdCons}). Time per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChanProdCons0 {
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
  @OperationsPerInvocation(ProdCons.MESSAGES)
  public void run() {
    ProdCons.run(crew, ch);
  }
}

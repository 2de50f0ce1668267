package dev.kanal.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The daisy-chained prime sieve ({@link Sieve}) up to the 3000-th prime. Time per sieve. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Sieve3000 {
  static final int PRIMES = 3000;

  @Param({"kanal", "jox", "sq-vt", "ltq-vt"})
  public String impl;

  private Crew crew;
  private int limit;
  private Integer[] boxes;

  @Setup
  public void setup() {
    crew = Crew.forImpl(impl);
    limit = Sieve.nthPrime(PRIMES);
    boxes = Values.boxes(limit);
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  public int run() {
    int[] found = new int[1];
    crew.run(() -> found[0] = Sieve.run(impl, limit, boxes));
    if (found[0] != PRIMES) {
      throw new IllegalStateException("sieve found " + found[0] + " primes, expected " + PRIMES);
    }
    return found[0];
  }
}

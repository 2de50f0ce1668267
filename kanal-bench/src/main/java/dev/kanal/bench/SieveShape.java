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

/**
 * The daisy-chained prime sieve ({@link Sieve}) up to the {@link #primes()}-th prime, time per
 * sieve; {@link Sieve1000} and {@link Sieve3000} are the shapes (Go's names).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public abstract class SieveShape {
  /** How many primes the chain finds: one filter goroutine per prime. */
  abstract int primes();

  @Param({"kanal", "jox", "sq-vt", "ltq-vt"})
  public String impl;

  private Crew crew;
  private int limit;
  private Integer[] boxes;

  @Setup
  public void setup() {
    crew = Crew.forImpl(impl);
    limit = Sieve.nthPrime(primes());
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
    if (found[0] != primes()) {
      throw new IllegalStateException("sieve found " + found[0] + " primes, expected " + primes());
    }
    return found[0];
  }
}

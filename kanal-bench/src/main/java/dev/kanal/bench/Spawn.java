package dev.kanal.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 1,000,000 goroutines parked on one receive ({@link Parked}): {@code start} times starting them
 * all until each has begun; {@code release} times waking them all (by {@code close} for a
 * channel) until each has finished. One shot each; the other half of the cycle happens outside
 * the measurement, followed by a full GC so that no shot pays for the previous one's garbage.
 * The bytes each parked goroutine holds are measured by {@link SpawnProbe}, which also times
 * start and release in one cycle (what {@code compare --quick} uses).
 *
 * <p>{@code -Dkanal.bench.spawn=N} changes the count (for a smoke run).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Spawn {
  static final int N = Integer.getInteger("kanal.bench.spawn", 1_000_000);

  /** The implementation, shared by both benchmarks. */
  @State(Scope.Benchmark)
  public static class Config {
    @Param({"kanal", "jox", "latch-vt", "unpark-vt", "lbq-vt"})
    public String impl;
  }

  /** Nothing started yet: for {@link #start}. */
  @State(Scope.Benchmark)
  public static class Fresh {
    Parked parked;

    @Setup(Level.Invocation)
    public void setup(Config config) {
      System.gc();
      parked = new Parked(config.impl, N);
    }

    @TearDown(Level.Invocation)
    public void tearDown() {
      parked.awaitParked();
      parked.release();
      parked.awaitFinished();
      parked = null;
    }
  }

  /** All parked already: for {@link #release}. */
  @State(Scope.Benchmark)
  public static class AllParked {
    Parked parked;

    @Setup(Level.Invocation)
    public void setup(Config config) {
      System.gc();
      parked = new Parked(config.impl, N);
      parked.start();
      parked.awaitParked();
      System.gc();
    }

    @TearDown(Level.Invocation)
    public void tearDown() {
      parked = null;
    }
  }

  @Benchmark
  public void start(Fresh s) {
    s.parked.start();
  }

  @Benchmark
  public void release(AllParked s) {
    s.parked.release();
    s.parked.awaitFinished();
  }
}

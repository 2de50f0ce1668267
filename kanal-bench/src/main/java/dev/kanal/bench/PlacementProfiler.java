package dev.kanal.bench;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that tags every iteration with the machine's placement ({@link Placement}): the
 * cache line's round trip between two cores, read just before the iteration and just after it,
 * while the benchmark's own threads are stopped. The iteration gets the slower of the two readings
 * as the secondary result {@code ·placement} (ns per round trip), so that a sample taken while
 * the host moved the vCPUs counts as taken in the far placement.
 *
 * <pre>java -jar benchmarks.jar ChanSync -prof dev.kanal.bench.PlacementProfiler</pre>
 *
 * <p>Each reading takes 1 to 7 ms, outside the measured time.
 */
public final class PlacementProfiler implements InternalProfiler {
  private double before;

  public PlacementProfiler() throws Exception {
    Placement.warmUp();
  }

  @Override
  public String getDescription() {
    return "the cache line round trip between two cores around each iteration (Placement)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = read();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    double worst = Math.max(before, read());
    return List.of(new ScalarResult("placement", worst, "ns/trip", AggregationPolicy.MAX));
  }

  private static double read() {
    try {
      return Placement.roundTripNanos(Placement.TRIPS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Placement: the round trip could not be read", e);
    }
  }
}

package dev.kanal.bench.pool;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of running one job through a worker pool, end to end: the benchmark thread submits
 * {@value #JOBS} jobs, the pool's {@code workers} run them, and the benchmark thread receives every
 * job's result. The score is the time per job (ns/op), so it is the pool's per-job overhead plus
 * the job itself: a no-op ({@code work=noop}) or a tiny computation of about a hundred nanoseconds
 * ({@code work=cpu}, {@code Blackhole.consumeCPU(100)}).
 *
 * <p>The pools ({@code impl}), each long-lived (built once per trial) and with a queue that never
 * makes the submitter wait, as in the seed's program (jobs and results buffered to the number of
 * jobs):
 *
 * <ul>
 *   <li>{@code workerpool}: Kanal's {@link dev.kanal.pool.WorkerPool}, results read from {@code
 *       results()};
 *   <li>{@code raw-channels}: seed 000's pool by hand on Kanal channels (jobs and results channels,
 *       worker goroutines ranging over jobs);
 *   <li>{@code tpe}: {@code ThreadPoolExecutor} with platform threads and a {@code
 *       LinkedBlockingQueue}, results through a {@code LinkedBlockingQueue};
 *   <li>{@code fjp}: {@code ForkJoinPool} of {@code workers}, results likewise;
 *   <li>{@code vthread-per-task}: one virtual thread per job, at most {@code workers} at once (a
 *       semaphore), results likewise.
 * </ul>
 *
 * <p>Go's counterpart is {@code kanal-bench/go}'s worker-pool benchmark with the same shape (see
 * the report of the pool helper): {@code workers} goroutines, jobs and results channels buffered to
 * the job count, one op = one job.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PoolOverhead {
  static final int JOBS = 50_000;
  static final int CPU_TOKENS = 100;

  @Param({"workerpool", "raw-channels", "tpe", "fjp", "vthread-per-task"})
  public String impl;

  @Param({"2", "4", "64"})
  public int workers;

  @Param({"noop", "cpu"})
  public String work;

  private PoolRunner runner;
  private Integer[] inputs;

  @Setup(Level.Trial)
  public void setup() {
    inputs = new Integer[JOBS + 1];
    for (int i = 0; i <= JOBS; i++) {
      inputs[i] = i; // boxed once: no implementation pays for boxing in the measurement
    }
    boolean cpu = work.equals("cpu");
    java.util.function.UnaryOperator<Integer> job =
        cpu
            ? x -> {
              Blackhole.consumeCPU(CPU_TOKENS);
              return x;
            }
            : x -> x;
    runner =
        switch (impl) {
          case "workerpool" -> new WorkerPoolRunner(workers, JOBS, job);
          case "raw-channels" -> new RawChannelRunner(workers, JOBS, job);
          case "tpe" -> ExecutorRunner.threadPool(workers, job);
          case "fjp" -> ExecutorRunner.forkJoin(workers, job);
          case "vthread-per-task" -> new VirtualThreadRunner(workers, job);
          default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runner.close();
  }

  @Benchmark
  @OperationsPerInvocation(JOBS)
  public long run() {
    return runner.runBatch(inputs, JOBS);
  }
}

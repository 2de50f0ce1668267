package dev.kanal.bench.pool;

import dev.kanal.Channel;
import dev.kanal.Go;
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
 * <p>Who submits and receives ({@code driver}):
 *
 * <ul>
 *   <li>{@code platform}: JMH's own thread, as a Java program's {@code main} would. It is an OS
 *       thread outside the virtual-thread scheduler, so on two cores it makes a third runnable
 *       thread beside two busy carriers: while it waits for results that come every hundred
 *       nanoseconds or so, its receive spins (a platform thread's brief spin before it parks) and
 *       takes its share of a core from the workers.
 *   <li>{@code goroutine}: the same batch run by one long-lived goroutine that JMH's thread hands
 *       each invocation to (two channel operations per 50,000 jobs). This is the like-for-like
 *       shape of Go's benchmark, whose submitter is a goroutine in the same scheduler as its
 *       workers.
 * </ul>
 *
 * <p>Go's counterpart is {@code kanal-bench/go}'s worker-pool benchmark with the same shape:
 * {@code workers} goroutines, jobs and results channels buffered to the job count, one op = one
 * job.
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

  @Param({"platform", "goroutine"})
  public String driver;

  private PoolRunner runner;
  private Integer[] inputs;

  /** The goroutine driver's hand-over: a batch size in, the batch's checksum out. */
  private Channel<Integer> batches;

  private Channel<Long> sums;

  @Setup(Level.Trial)
  public void setup() {
    if (!driver.equals("platform") && !driver.equals("goroutine")) {
      throw new IllegalArgumentException("unknown driver " + driver);
    }
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
    if (driver.equals("goroutine")) {
      batches = Channel.unbuffered();
      sums = Channel.unbuffered();
      PoolRunner r = runner;
      Integer[] in = inputs;
      Go.go(
          () -> {
            for (Integer n : batches) {
              sums.send(r.runBatch(in, n));
            }
          });
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (batches != null) {
      batches.close();
    }
    runner.close();
  }

  @Benchmark
  @OperationsPerInvocation(JOBS)
  public long run() {
    if (batches == null) {
      return runner.runBatch(inputs, JOBS);
    }
    batches.send(JOBS);
    return sums.receive();
  }
}

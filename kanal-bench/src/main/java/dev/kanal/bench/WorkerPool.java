package dev.kanal.bench;

import java.util.ArrayList;
import java.util.List;
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
 * Seed 000's worker pool on raw channels, with no-op jobs: {@code jobs} and {@code results}
 * both buffered to the number of jobs, {@code workers} goroutines ranging over {@code jobs} and
 * sending each job back on {@code results}; main sends 1,000,000 jobs, closes {@code jobs}
 * (the JDK queues: one poison per worker) and receives 1,000,000 results. Time per job.
 *
 * <p>jox also ends with poison values: in jox 1.0.1, {@code done()} on a channel that buffered
 * a million values recurses once per segment ({@code closeCellsUntil}) and overflows the stack
 * of the virtual thread that calls it, leaving the workers blocked forever.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WorkerPool {
  static final int JOBS = 1_000_000;

  @Param({"kanal", "jox", "abq-vt", "abq-pt", "lbq-vt", "lbq-pt", "ltq-vt", "ltq-pt"})
  public String impl;

  @Param({"2", "4", "64"})
  public int workers;

  private Crew crew;
  private Integer[] boxes;

  @Setup
  public void setup() {
    crew = Crew.forImpl(impl);
    boxes = Values.boxes(JOBS);
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  @OperationsPerInvocation(JOBS)
  public void run() {
    Pipe jobs = Pipe.of(impl, JOBS);
    Pipe results = Pipe.of(impl, JOBS);
    List<Runnable> parties = new ArrayList<>(workers + 1);
    parties.add(
        () -> {
          for (int j = 1; j <= JOBS; j++) {
            jobs.send(boxes[j]);
          }
          if (jobs.closable() && !impl.equals("jox")) {
            jobs.close();
          } else {
            for (int w = 0; w < workers; w++) {
              jobs.send(Values.STOP);
            }
          }
          for (int a = 1; a <= JOBS; a++) {
            results.receive();
          }
        });
    for (int w = 0; w < workers; w++) {
      parties.add(
          () -> {
            Integer j;
            while ((j = jobs.receive()) != null && j != 0) {
              results.send(j);
            }
          });
    }
    crew.run(parties);
  }
}

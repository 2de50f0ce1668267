package dev.kanal.examples.pool;

import static dev.kanal.Time.sleep;

import dev.kanal.examples.DemoArgs;
import dev.kanal.pool.WorkerPool;
import java.time.Duration;

/**
 * Seed 000 (Go by Example's worker pools: 3 workers, 5 jobs of one second, about 2 seconds in all),
 * on {@link WorkerPool}. An optional argument sets a job's duration ({@code 200ms}, {@code 1s}).
 */
public final class PoolWorkerPools {
  private PoolWorkerPools() {}

  public static void main(String[] args) {
    Duration work = DemoArgs.durationOrExit("pool-worker-pools", args, 0, "WORK", Duration.ofSeconds(1));
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (j, job) -> {
                  System.out.println("worker " + job.workerId() + " started  job " + j);
                  sleep(work);
                  System.out.println("worker " + job.workerId() + " finished job " + j);
                  return j * 2;
                })
            .workers(3)
            .build()) {
      for (int j = 1; j <= 5; j++) {
        pool.submit(j);
      }
    } // close(): no more jobs, and wait for all of them
  }
}

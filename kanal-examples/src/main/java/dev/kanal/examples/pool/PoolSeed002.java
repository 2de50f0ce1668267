package dev.kanal.examples.pool;

import static dev.kanal.Time.sleep;

import dev.kanal.pool.Job;
import dev.kanal.pool.JobContext;
import dev.kanal.pool.Outcome;
import dev.kanal.pool.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002's {@code WorkerPool} (3 workers, a queue of 5, jobs 1 to 5 doubled), on {@link
 * WorkerPool}. The seed gives each job its own output channel to read the results in job order;
 * here each {@link Job} handle gives its outcome, and {@code ordered()} would give the same order
 * on {@code results()}.
 */
public final class PoolSeed002 {
  private PoolSeed002() {}

  static int doubleIt(int input, JobContext job) {
    sleep(Duration.ofMillis(50)); // Traitement simulé
    int result = input * 2;
    System.out.printf(
        "Worker %d a traité job %d : %d → %d%n", job.workerId(), job.jobId(), input, result);
    return result;
  }

  public static void main(String[] args) {
    try (var pool =
        WorkerPool.<Integer, Integer>builder(PoolSeed002::doubleIt)
            .workers(3)
            .queueCapacity(5)
            .build()) {
      List<Job<Integer, Integer>> jobs = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        jobs.add(pool.submit(i)); // Envoi des jobs
      }
      // Récupération des résultats, dans l'ordre des jobs
      for (Job<Integer, Integer> job : jobs) {
        if (job.outcome() instanceof Outcome.Succeeded<Integer, Integer> ok) {
          System.out.printf("Job %d : résultat %d%n", job.id(), ok.result());
        }
      }
    }
  }
}

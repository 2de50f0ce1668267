package dev.kanal.examples.seed002;

import static dev.kanal.Go.go;
import static dev.kanal.Time.sleep;

import dev.kanal.Channel;
import dev.kanal.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002, the combined example: a small worker system with goroutine workers, a buffered
 * channel that hands out the jobs, and one output channel per job. Its Go test,
 * {@code worker_test.go}, is {@code WorkerPoolSeedTest}.
 *
 * <p>{@link #main} does what the test does, printing as it goes: 3 workers, a queue of 5, jobs
 * 1 to 5, each doubled ("Worker 0 a traité job 1 : 1 → 2").
 */
public final class WorkerPool {

  /** A job: double {@code input} and send the result on {@code output}. */
  public record Job(int id, int input, Channel<Integer> output) {}

  public final Channel<Job> jobQueue;
  public final int workers;
  private final WaitGroup wg = new WaitGroup();

  private WorkerPool(int workerCount, int queueSize) {
    this.jobQueue = Channel.buffered(queueSize);
    this.workers = workerCount;
  }

  public static WorkerPool newWorkerPool(int workerCount, int queueSize) {
    return new WorkerPool(workerCount, queueSize);
  }

  public void start() {
    for (int i = 0; i < workers; i++) {
      wg.add(1);
      int id = i;
      go(
          () -> {
            try { // defer wp.wg.Done()
              for (Job job : jobQueue) {
                // Traitement simulé
                sleep(Duration.ofMillis(50));
                int result = job.input() * 2;
                System.out.printf(
                    "Worker %d a traité job %d : %d → %d%n", id, job.id(), job.input(), result);
                job.output().send(result);
              }
            } finally {
              wg.done();
            }
          });
    }
  }

  public void stop() {
    jobQueue.close();
    wg.await();
  }

  public static void main(String[] args) {
    WorkerPool wp = newWorkerPool(3, 5);
    wp.start();

    List<Job> jobs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Channel<Integer> ch = Channel.buffered(1);
      jobs.add(new Job(i, i, ch));
    }

    // Envoi des jobs
    for (Job job : jobs) {
      wp.jobQueue.send(job);
    }

    // Récupération des résultats, dans l'ordre des jobs
    for (Job job : jobs) {
      System.out.printf("Job %d : résultat %d%n", job.id(), job.output().receive());
    }

    wp.stop();
  }
}

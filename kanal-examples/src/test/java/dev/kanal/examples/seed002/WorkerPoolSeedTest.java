package dev.kanal.examples.seed002;

import static dev.kanal.Select.select;
import static dev.kanal.Select.timeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.Channel;
import dev.kanal.examples.seed002.WorkerPool.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Seed 002's {@code worker_test.go}, ported: the pool doubles every job's input. */
class WorkerPoolSeedTest {

  // Go's test gives each read 1 s; a loaded build machine gets more (the jobs take 50 ms).
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  @Test
  void testWorkerPool() {
    WorkerPool wp = WorkerPool.newWorkerPool(3, 5);
    wp.start();

    List<Job> jobs = new ArrayList<>();
    int[] results = {2, 4, 6, 8, 10};

    for (int i = 1; i <= 5; i++) {
      Channel<Integer> ch = Channel.buffered(1);
      jobs.add(new Job(i, i, ch));
    }

    // Envoi des jobs
    for (Job job : jobs) {
      wp.jobQueue.send(job);
    }

    // Récupération des résultats avec timeout de sécurité. Like t.Errorf, a failed check is
    // recorded and the test goes on with the next job.
    SoftAssertions t = new SoftAssertions();
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      int expected = results[i];
      select(
          job.output()
              .onReceive(
                  res ->
                      t.assertThat(res)
                          .as("Job %d: attendu %d, obtenu %d", job.id(), expected, res)
                          .isEqualTo(expected)),
          timeout(READ_TIMEOUT, () -> t.fail("Job %d: timeout de lecture", job.id())));
    }

    wp.stop();
    t.assertAll();
  }

  @Test
  void stopWaitsForEveryQueuedJob() {
    WorkerPool wp = WorkerPool.newWorkerPool(2, 5);
    wp.start();
    List<Job> jobs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Job job = new Job(i, 10 * i, Channel.buffered(1));
      jobs.add(job);
      wp.jobQueue.send(job);
    }

    wp.stop(); // closes the queue, then waits until the workers have drained it

    assertThat(wp.jobQueue.isClosed()).isTrue();
    for (Job job : jobs) {
      // Already there when stop returns: no waiting needed.
      assertThat(job.output().tryReceive().valueOrNull())
          .as("job %d", job.id())
          .isEqualTo(20 * job.id());
    }
  }

  @Test
  void aPoolWithNoJobsStopsAtOnce() {
    WorkerPool wp = WorkerPool.newWorkerPool(3, 0);
    wp.start();
    wp.stop();
    assertThat(wp.jobQueue.isClosed()).isTrue();
  }
}

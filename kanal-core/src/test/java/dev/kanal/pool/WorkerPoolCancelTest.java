package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Critical errors, shutdownNow and Job.cancel. */
@Timeout(30)
class WorkerPoolCancelTest {

  static final class CriticalAge extends RuntimeException {
    CriticalAge(String m) {
      super(m);
    }
  }

  @Test
  void theFirstCriticalErrorStopsThePoolPromptlyAndIsNamed() throws Exception {
    CountDownLatch othersRunning = new CountDownLatch(2);
    CountDownLatch allSubmitted = new CountDownLatch(1);
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (age, job) -> {
                  if (age > 35) {
                    othersRunning.await(); // fail only once the two others are running
                    allSubmitted.await(); // and every job is in
                    throw new CriticalAge("critical error with age " + age);
                  }
                  othersRunning.countDown();
                  Thread.sleep(30_000); // would hold the pool for 30s if not cancelled
                  return age;
                })
            .workers(3)
            .critical(e -> e instanceof CriticalAge)
            .retry(RetryPolicy.attempts(5)) // critical errors are never retried
            .build();
    List<Job<Integer, Integer>> jobs = new ArrayList<>();
    for (int age : new int[] {30, 25, 36, 32, 28, 40}) {
      jobs.add(pool.submit(age));
    }
    allSubmitted.countDown();
    long t0 = System.nanoTime();
    pool.shutdown();
    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(System.nanoTime() - t0).as("prompt").isLessThan(TimeUnit.SECONDS.toNanos(10));

    Outcome<Integer, Integer> culprit = jobs.get(2).outcome();
    assertThat(culprit)
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            f -> {
              assertThat(f.critical()).isTrue();
              assertThat(f.attempts()).isEqualTo(1);
            });
    assertThat(pool.stopped())
        .get()
        .isInstanceOfSatisfying(
            StopReason.CriticalFailure.class,
            c -> {
              assertThat(c.jobId()).isEqualTo(3);
              assertThat(c.input()).isEqualTo(36);
              assertThat(c.error()).hasMessage("critical error with age 36");
            });
    for (int i : new int[] {0, 1, 3, 4, 5}) {
      assertThat(jobs.get(i).outcome())
          .as("job %d", i + 1)
          .isInstanceOfSatisfying(
              Outcome.Cancelled.class,
              c ->
                  assertThat(c.reason())
                      .isInstanceOfSatisfying(
                          StopReason.CriticalFailure.class,
                          r -> assertThat(r.jobId()).isEqualTo(3)));
    }
    assertThat(pool.context().cause()).hasMessage("critical error with age 36");
  }

  @Test
  void shutdownNowCancelsRunningQueuedAndWaitingJobs() throws Exception {
    CountDownLatch running = new CountDownLatch(2);
    var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  if (s.startsWith("retry")) {
                    throw new java.io.IOException("again later");
                  }
                  running.countDown();
                  Thread.sleep(30_000);
                  return s;
                })
            .workers(2)
            .retry(RetryPolicy.attempts(3).fixedDelay(Duration.ofSeconds(30)))
            .build();
    Job<String, String> retrying = pool.submit("retry");
    await().until(() -> pool.metrics().retryWaiting() == 1);
    List<Job<String, String>> jobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(pool.submit("job" + i));
    }
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(retrying.outcome())
        .isInstanceOfSatisfying(
            Outcome.Cancelled.class,
            c -> {
              assertThat(c.started()).isTrue();
              assertThat(c.attempts()).isEqualTo(1);
              assertThat((List<?>) c.attemptErrors()).hasSize(1);
              assertThat(c.reason()).isInstanceOf(StopReason.ShutdownNow.class);
            });
    long started =
        jobs.stream()
            .map(Job::outcome)
            .map(o -> (Outcome.Cancelled<String, String>) o)
            .filter(Outcome.Cancelled::started)
            .count();
    assertThat(started).isEqualTo(2);
    assertThat(pool.metrics().cancelled()).isEqualTo(7);
    assertThat(pool.metrics().workers()).isZero();
  }

  @Test
  void cancellingOneQueuedJob() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .workers(1)
            .build()) {
      Job<Integer, Integer> first = pool.submit(1);
      Job<Integer, Integer> second = pool.submit(2);
      assertThat(second.cancel()).isTrue();
      assertThat(second.cancel()).isFalse();
      assertThat(second.outcome())
          .isInstanceOfSatisfying(
              Outcome.Cancelled.class,
              c -> {
                assertThat(c.started()).isFalse();
                assertThat(c.reason()).isInstanceOf(StopReason.JobCancelled.class);
              });
      release.countDown();
      assertThat(first.outcome().isSuccess()).isTrue();
    }
  }

  @Test
  void cancellingOneRunningJobInterruptsOnlyIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  if (n == 1) {
                    started.countDown();
                    Time.sleep(Duration.ofSeconds(30));
                  }
                  return n;
                })
            .workers(2)
            .build()) {
      Job<Integer, Integer> slow = pool.submit(1);
      started.await();
      assertThat(slow.cancel()).isTrue();
      assertThat(slow.outcome())
          .isInstanceOfSatisfying(Outcome.Cancelled.class, c -> assertThat(c.started()).isTrue());
      assertThat(pool.submit(2).outcome().isSuccess()).isTrue();
      assertThat(pool.stopped()).isEmpty();
    }
  }

  @Test
  void cancellingAJobThatWaitsForItsRetry() {
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  throw new java.io.IOException("later");
                })
            .workers(1)
            .retry(RetryPolicy.attempts(3).fixedDelay(Duration.ofSeconds(30)))
            .build()) {
      Job<Integer, Integer> j = pool.submit(1);
      await().until(() -> pool.metrics().retryWaiting() == 1);
      assertThat(j.cancel()).isTrue();
      assertThat(j.outcome())
          .isInstanceOfSatisfying(
              Outcome.Cancelled.class,
              c -> {
                assertThat(c.started()).isTrue();
                assertThat(c.attempts()).isEqualTo(1);
                assertThat(c.reason()).isInstanceOf(StopReason.JobCancelled.class);
              });
      assertThat(pool.metrics().retryWaiting()).isZero();
    }
  }
  @Test
  void aCriticalFailureOfTheLastJobOfAShutDownPoolIsItsStopReason() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  go.await();
                  throw new CriticalAge("age " + n);
                })
            .workers(1)
            .critical(e -> e instanceof CriticalAge)
            .build();
    Job<Integer, Integer> last = pool.submit(90);
    pool.shutdown(); // nothing else will come: the failing job is the pool's last
    go.countDown();

    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(last.outcome()).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.critical()).isTrue());
    assertThat(pool.stopped())
        .get()
        .isInstanceOfSatisfying(StopReason.CriticalFailure.class, c -> assertThat(c.jobId()).isEqualTo(last.id()));
  }
}

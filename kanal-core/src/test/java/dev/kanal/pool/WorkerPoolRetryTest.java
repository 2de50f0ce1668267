package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retries through the pool: attempts, errors kept, predicate, back-off, no worker held. */
@Timeout(30)
class WorkerPoolRetryTest {

  @Test
  void aJobThatFailsTwiceSucceedsOnItsThirdAttempt() {
    AtomicInteger calls = new AtomicInteger();
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  calls.incrementAndGet();
                  if (job.attempt() < 3) {
                    throw new IOException("flaky " + job.attempt());
                  }
                  return s + " on attempt " + job.attempt();
                })
            .workers(2)
            .retry(RetryPolicy.attempts(3).fixedDelay(Duration.ofMillis(10)))
            .build()) {
      Outcome<String, String> o = pool.submit("x").outcome();
      assertThat(o)
          .isInstanceOfSatisfying(
              Outcome.Succeeded.class,
              s -> {
                assertThat(s.result()).isEqualTo("x on attempt 3");
                assertThat(s.attempts()).isEqualTo(3);
              });
      assertThat(calls).hasValue(3);
      assertThat(pool.metrics().retried()).isEqualTo(2);
    }
  }

  @Test
  void aJobThatAlwaysFailsKeepsEveryAttemptsError() {
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  throw new IOException("attempt " + job.attempt());
                })
            .workers(1)
            .retry(RetryPolicy.attempts(4))
            .build()) {
      var f = (Outcome.Failed<String, String>) pool.submit("x").outcome();
      assertThat(f.attempts()).isEqualTo(4);
      assertThat(f.attemptErrors())
          .extracting(Throwable::getMessage)
          .containsExactly("attempt 1", "attempt 2", "attempt 3", "attempt 4");
      assertThat(f.error()).hasMessage("attempt 4");
    }
  }

  @Test
  void onlyErrorsThePredicateAcceptsAreRetried() {
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  throw s.equals("io")
                      ? new IOException("io")
                      : new IllegalArgumentException("bad input");
                })
            .workers(1)
            .retry(RetryPolicy.attempts(3).retryIf(e -> e instanceof IOException))
            .build()) {
      assertThat(pool.submit("io").outcome().attempts()).isEqualTo(3);
      assertThat(pool.submit("bad").outcome().attempts()).isEqualTo(1);
    }
  }

  @Test
  void errorsAreNotRetriedByDefaultOnlyExceptions() {
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  throw new AssertionError("bug");
                })
            .workers(1)
            .retry(RetryPolicy.attempts(3))
            .build()) {
      assertThat(pool.submit("x").outcome().attempts()).isEqualTo(1);
    }
  }

  @Test
  void aRetryingJobDoesNotHoldItsWorker() throws Exception {
    CountDownLatch otherDone = new CountDownLatch(1);
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  if (s.equals("flaky") && job.attempt() == 1) {
                    throw new IOException("later");
                  }
                  if (s.equals("other")) {
                    otherDone.countDown();
                  }
                  return s;
                })
            .workers(1) // one worker: "other" can run only if "flaky" gives it back while it waits
            .retry(RetryPolicy.attempts(2).fixedDelay(Duration.ofMillis(800)))
            .build()) {
      Job<String, String> flaky = pool.submit("flaky");
      org.awaitility.Awaitility.await().until(() -> pool.metrics().retryWaiting() == 1);
      pool.submit("other");
      assertThat(otherDone.await(600, TimeUnit.MILLISECONDS))
          .as("other ran during flaky's retry delay")
          .isTrue();
      assertThat(flaky.isDone()).isFalse();
      assertThat(flaky.outcome().isSuccess()).isTrue();
    }
  }

  @Test
  void backOffDelaysGrowAndAreToldInEvents() {
    List<Duration> delays = new CopyOnWriteArrayList<>();
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  throw new IOException("no");
                })
            .workers(1)
            .retry(
                RetryPolicy.attempts(4)
                    .exponentialBackoff(Duration.ofMillis(5), Duration.ofMillis(15)))
            .listener(
                e -> {
                  if (e instanceof PoolEvent.JobRetrying r) {
                    delays.add(r.delay());
                  }
                })
            .build()) {
      pool.submit("x").outcome();
    }
    assertThat(delays)
        .containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(15));
  }
}

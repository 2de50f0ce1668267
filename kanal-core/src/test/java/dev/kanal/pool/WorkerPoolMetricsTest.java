package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.Time;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The metrics snapshot: counters, live figures, latencies, throughput. */
@Timeout(30)
class WorkerPoolMetricsTest {

  /** A pool whose jobs each wait for {@code release}, then return their input. */
  private static WorkerPool<Integer, Integer> held(CountDownLatch release, int workers, int queue) {
    return WorkerPool.<Integer, Integer>builder(
            (n, job) -> {
              release.await();
              return n;
            })
        .workers(workers)
        .queueCapacity(queue)
        .build();
  }

  @Test
  void liveFiguresShowQueuedRunningAndWorkers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (var pool = held(release, 2, 10)) {
      for (int i = 0; i < 7; i++) {
        pool.submit(i);
      }
      await()
          .untilAsserted(
              () -> {
                PoolMetrics m = pool.metrics();
                assertThat(m.running()).isEqualTo(2);
                assertThat(m.queued()).isEqualTo(5);
                assertThat(m.workers()).isEqualTo(2);
                assertThat(m.submitted()).isEqualTo(7);
                assertThat(m.completed()).isZero();
              });
      release.countDown();
    }
  }

  @Test
  void aQueuedJobThatWasCancelledIsNoLongerCountedAsQueued() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (var pool = held(release, 1, 20)) {
      java.util.List<Job<Integer, Integer>> jobs = new java.util.ArrayList<>();
      for (int i = 0; i < 11; i++) {
        jobs.add(pool.submit(i));
      }
      await().until(() -> pool.metrics().running() == 1);
      for (int i = 1; i <= 5; i++) {
        assertThat(jobs.get(i).cancel()).isTrue();
      }

      PoolMetrics m = pool.metrics();
      assertThat(m.queued()).as("10 queued, 5 of them cancelled").isEqualTo(5);
      assertThat(m.cancelled()).isEqualTo(5);
      assertThat(m.queued() + m.running() + m.completed()).isEqualTo(m.submitted());

      release.countDown();
      await().until(() -> pool.metrics().completed() == 11);
      assertThat(pool.metrics().queued()).isZero();
    }
  }

  @Test
  void countersAddUpAndLatenciesAreMeasured() {
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  if (n % 5 == 0) {
                    throw new IllegalStateException();
                  }
                  Time.sleep(Duration.ofMillis(20));
                  return n;
                })
            .workers(4)
            .retry(RetryPolicy.attempts(2))
            .build();
    for (int i = 1; i <= 40; i++) {
      pool.submit(i);
    }
    pool.close();
    PoolMetrics m = pool.metrics();
    assertThat(m.submitted()).isEqualTo(40);
    assertThat(m.succeeded()).isEqualTo(32);
    assertThat(m.failed()).isEqualTo(8);
    assertThat(m.retried()).isEqualTo(8);
    assertThat(m.completed()).isEqualTo(40);
    assertThat(m.running()).isZero();
    assertThat(m.queued()).isZero();
    assertThat(m.workers()).isZero();
    assertThat(m.runTime().count()).isEqualTo(48); // 32 + 2 attempts for each of the 8 failures
    assertThat(m.runTime().p90()).isGreaterThanOrEqualTo(Duration.ofMillis(17));
    assertThat(m.queueWait().count()).isEqualTo(48);
    assertThat(m.throughput()).isPositive();
    assertThat(m.elapsed()).as("frozen once terminated").isEqualTo(pool.metrics().elapsed());
    assertThat(m.toString()).contains("succeeded=32", "failed=8");
  }
}

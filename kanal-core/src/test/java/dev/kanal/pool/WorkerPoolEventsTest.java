package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Events reach listeners in order; listeners can neither slow nor break the pool. */
@Timeout(30)
class WorkerPoolEventsTest {

  @Test
  void aJobsEventsTellItsWholeStory() {
    List<PoolEvent> events = new CopyOnWriteArrayList<>();
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  if (job.attempt() == 1) {
                    throw new IOException("first try fails");
                  }
                  return s.toUpperCase();
                })
            .workers(1)
            .retry(RetryPolicy.attempts(2).fixedDelay(Duration.ofMillis(5)))
            .listener(events::add)
            .build()) {
      pool.submit("kanal").outcome(); // the whole job before the shutdown
    }
    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "WorkerStarted",
            "JobStarted",
            "JobRetrying",
            "JobStarted",
            "JobSucceeded",
            "PoolShutdown",
            "WorkerRetired",
            "PoolTerminated");
    var retrying = (PoolEvent.JobRetrying) events.get(2);
    assertThat(retrying.delay()).isEqualTo(Duration.ofMillis(5));
    assertThat(retrying.error()).hasMessage("first try fails");
    var ok = (PoolEvent.JobSucceeded) events.get(4);
    assertThat(ok.result()).isEqualTo("KANAL");
    assertThat(ok.attempt()).isEqualTo(2);
    assertThat(((PoolEvent.PoolTerminated) events.get(7)).metrics().succeeded()).isEqualTo(1);
  }

  @Test
  void finalEventsMatchOutcomesOneForOne() {
    List<PoolEvent> events = new CopyOnWriteArrayList<>();
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  if (n % 4 == 1) {
                    throw new IOException("x");
                  }
                  if (n % 4 == 2) {
                    Thread.sleep(5_000);
                  }
                  return n;
                })
            .workers(4)
            .jobTimeout(Duration.ofMillis(20))
            .listener(events::add)
            .build()) {
      for (int i = 0; i < 40; i++) {
        pool.submit(i);
      }
    }
    assertThat(events).filteredOn(e -> e instanceof PoolEvent.JobSucceeded).hasSize(20);
    assertThat(events).filteredOn(e -> e instanceof PoolEvent.JobFailed).hasSize(10);
    assertThat(events).filteredOn(e -> e instanceof PoolEvent.JobTimedOut).hasSize(10);
    assertThat(events).filteredOn(e -> e instanceof PoolEvent.JobStarted).hasSize(40);
  }

  @Test
  void aThrowingListenerIsReportedAndTheOthersCarryOn() {
    List<PoolEvent> seen = new CopyOnWriteArrayList<>();
    PoolListener broken =
        new PoolListener() {
          @Override
          public void onEvent(PoolEvent e) {
            if (e instanceof PoolEvent.JobSucceeded) {
              throw new IllegalStateException("listener bug");
            }
          }

          @Override
          public String toString() {
            return "broken-listener";
          }
        };
    var pool =
        WorkerPool.<Integer, Integer>builder((n, job) -> n)
            .workers(2)
            .listener(broken)
            .listener(seen::add)
            .build();
    for (int i = 0; i < 10; i++) {
      pool.submit(i);
    }
    pool.close();
    assertThat(pool.metrics().succeeded()).isEqualTo(10);
    assertThat(seen).filteredOn(e -> e instanceof PoolEvent.JobSucceeded).hasSize(10);
    assertThat(seen)
        .filteredOn(e -> e instanceof PoolEvent.ListenerFailed)
        .hasSize(10)
        .allSatisfy(
            e -> {
              var f = (PoolEvent.ListenerFailed) e;
              assertThat(f.listener()).isEqualTo("broken-listener");
              assertThat(f.error()).hasMessage("listener bug");
            });
  }

  @Test
  void aSlowListenerDoesNotSlowTheWorkers() throws Exception {
    CountDownLatch unblock = new CountDownLatch(1);
    var pool =
        WorkerPool.<Integer, Integer>builder((n, job) -> n)
            .workers(2)
            .listener(
                e -> {
                  try {
                    unblock.await(); // stuck until every job is done
                  } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                  }
                })
            .build();
    for (int i = 0; i < 1000; i++) {
      pool.submit(i);
    }
    pool.shutdown();
    int n = 0;
    for (var r : pool.results()) {
      n++;
    }
    assertThat(n).as("every job finished while the listener was stuck").isEqualTo(1000);
    assertThat(pool.awaitTermination(Duration.ofMillis(100)))
        .as("termination waits for the events")
        .isFalse();
    unblock.countDown();
    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
  }
}

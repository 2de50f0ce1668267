package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Elastic sizing, keep-alive, resize and stable worker ids. */
@Timeout(30)
class WorkerPoolResizeTest {

  @Test
  void growsToTheMaximumWhileJobsWaitAndShrinksToTheMinimumWhenIdle() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<PoolEvent> events = new CopyOnWriteArrayList<>();
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .workers(1, 4)
            .keepAlive(Duration.ofMillis(100))
            .listener(events::add)
            .build()) {
      assertThat(pool.metrics().workers()).isEqualTo(1);
      for (int i = 0; i < 10; i++) {
        pool.submit(i);
      }
      await().until(() -> pool.metrics().workers() == 4);
      assertThat(pool.metrics().running()).isEqualTo(4);
      release.countDown();
      await().until(() -> pool.metrics().completed() == 10);
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().workers() == 1);
    }
    assertThat(events)
        .filteredOn(
            e ->
                e instanceof PoolEvent.WorkerRetired r && r.reason() == PoolEvent.RetireReason.IDLE)
        .hasSize(3);
  }

  @Test
  void aMinimumOfZeroStartsWorkersOnDemand() {
    try (var pool =
        WorkerPool.<Integer, Integer>builder((n, job) -> n)
            .workers(0, 2)
            .keepAlive(Duration.ofMillis(50))
            .build()) {
      assertThat(pool.metrics().workers()).isZero();
      assertThat(pool.submit(7).outcome().isSuccess()).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().workers() == 0);
      assertThat(pool.submit(8).outcome().isSuccess())
          .as("a worker comes back for new work")
          .isTrue();
    }
  }

  @Test
  void aHandOffPoolStartsAWorkerForAJobNoIdleWorkerTakes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .workers(0, 3)
            .queueCapacity(0)
            .build()) {
      assertThat(pool.trySubmit(1).accepted()).isTrue();
      assertThat(pool.trySubmit(2).accepted()).isTrue();
      assertThat(pool.trySubmit(3).accepted()).isTrue();
      await().until(() -> pool.metrics().running() == 3);
      assertThat(pool.trySubmit(4).accepted()).as("at the maximum, every worker busy").isFalse();
      release.countDown();
    }
  }

  @Test
  void resizeUpStartsWorkersAtOnceAndDownRetiresIdleOnes() {
    try (var pool = WorkerPool.<Integer, Integer>builder((n, job) -> n).workers(2).build()) {
      await().until(() -> pool.metrics().workers() == 2);
      pool.resize(6);
      assertThat(pool.metrics().workers()).isEqualTo(6);
      pool.resize(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().workers() == 1);
      assertThat(pool.minWorkers()).isEqualTo(1);
      assertThat(pool.maxWorkers()).isEqualTo(1);
      assertThat(pool.submit(3).outcome().isSuccess()).isTrue();
    }
  }

  @Test
  void resizeDownLetsBusyWorkersFinishTheirJob() throws Exception {
    CountDownLatch running = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  running.countDown();
                  release.await();
                  return n;
                })
            .workers(3)
            .build()) {
      var jobs = List.of(pool.submit(1), pool.submit(2), pool.submit(3));
      running.await();
      pool.resize(1);
      assertThat(pool.metrics().running()).as("nobody interrupted").isEqualTo(3);
      release.countDown();
      assertThat(jobs).allSatisfy(j -> assertThat(j.outcome().isSuccess()).isTrue());
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().workers() == 1);
    }
  }

  @Test
  void workerIdsAreStableSmallAndReused() {
    Map<Integer, Integer> alive = new ConcurrentHashMap<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    PoolListener l =
        e -> {
          if (e instanceof PoolEvent.WorkerStarted s && alive.put(s.workerId(), 1) != null) {
            problems.add("id " + s.workerId() + " given to two live workers");
          }
          if (e instanceof PoolEvent.WorkerRetired r && alive.remove(r.workerId()) == null) {
            problems.add("id " + r.workerId() + " retired twice");
          }
          if (e instanceof PoolEvent.JobStarted j && !alive.containsKey(j.workerId())) {
            problems.add("job on unknown worker " + j.workerId());
          }
        };
    try (var pool =
        WorkerPool.<Integer, Integer>builder((n, job) -> n)
            .workers(1, 3)
            .keepAlive(Duration.ofMillis(20))
            .listener(l)
            .build()) {
      for (int round = 0; round < 5; round++) {
        pool.resize(1, 3);
        for (int i = 0; i < 100; i++) {
          pool.submit(i);
        }
        pool.resize(round % 2 == 0 ? 3 : 1);
      }
    }
    assertThat(problems).isEmpty();
    assertThat(alive).isEmpty();
  }

  @Test
  void aResizeNeverInterruptsARunningJob() throws Exception {
    java.util.concurrent.atomic.AtomicInteger interruptedJobs =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean resizing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  for (int i = 0; i < 50; i++) {
                    if (Thread.currentThread().isInterrupted()) {
                      interruptedJobs.incrementAndGet();
                      break;
                    }
                    Thread.onSpinWait();
                  }
                  return n;
                })
            .workers(1, 6)
            .keepAlive(Duration.ofMillis(1))
            .build()) {
      Thread chaos =
          dev.kanal.Go.go(
              () -> {
                int k = 0;
                while (resizing.get()) {
                  pool.resize(k % 3, 1 + k % 6);
                  k++;
                }
              });
      for (int i = 0; i < 20_000; i++) {
        pool.submit(i);
      }
      resizing.set(false);
      chaos.join();
    }
    assertThat(interruptedJobs).hasValue(0);
  }
}

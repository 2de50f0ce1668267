package dev.kanal.pool;

import static dev.kanal.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kanal.OperationInterruptedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Submitting, back-pressure, hand-off, rejection, results, handles and close. */
@Timeout(30)
class WorkerPoolBasicsTest {

  @Test
  void runsEveryJobAndRangesOverTheResults() {
    try (var pool = WorkerPool.<Integer, Integer>builder((n, job) -> n * 2).workers(3).build()) {
      for (int i = 1; i <= 100; i++) {
        pool.submit(i);
      }
      pool.shutdown();
      List<Integer> results = new ArrayList<>();
      for (int r : pool.results()) {
        results.add(r);
      }
      assertThat(results)
          .hasSize(100)
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.IntStream.rangeClosed(1, 100).map(i -> i * 2).boxed().toList());
    }
  }

  @Test
  void aJobThatWaitsForItsOwnPoolIsRefusedInsteadOfHanging() {
    AtomicReference<WorkerPool<String, String>> self = new AtomicReference<>();
    try (var pool =
        WorkerPool.<String, String>builder(
                (how, job) -> {
                  if (how.equals("close")) {
                    self.get().close();
                  } else {
                    self.get().awaitTermination();
                  }
                  return "unreachable";
                })
            .workers(1)
            .build()) {
      self.set(pool);
      for (String how : List.of("close", "await")) {
        Outcome<String, String> o = pool.submit(how).outcome();

        assertThat(o)
            .as(how)
            .isInstanceOfSatisfying(
                Outcome.Failed.class,
                f ->
                    assertThat(f.error())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("would wait for that job forever")
                        .hasMessageContaining("call shutdown() there"));
      }
      assertThat(pool.isShutdown()).as("a refused close changes nothing").isFalse();
    }
  }

  @Test
  void foreverTimeoutsAreDeadlinesAtTheEndOfTimeNotOverflows() {
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  job.context(); // the job's context carries the job timeout's deadline
                  return n;
                })
            .timeout(forever)
            .jobTimeout(forever)
            .workers(1)
            .build()) {
      assertThat(pool.submit(7).outcome())
          .isInstanceOfSatisfying(Outcome.Succeeded.class, s -> assertThat(s.result()).isEqualTo(7));
    }
  }

  @Test
  void jobHandlesGiveEachJobsOutcome() {
    try (var pool =
        WorkerPool.<String, Integer>builder((s, job) -> s.length()).workers(2).build()) {
      Job<String, Integer> a = pool.submit("kanal");
      Job<String, Integer> b = pool.submit("go");
      assertThat(a.accepted()).isTrue();
      assertThat(a.outcome())
          .isInstanceOfSatisfying(
              Outcome.Succeeded.class, s -> assertThat(s.result()).isEqualTo(5));
      assertThat(b.outcome(Duration.ofSeconds(5)))
          .get()
          .isInstanceOfSatisfying(
              Outcome.Succeeded.class, s -> assertThat(s.result()).isEqualTo(2));
      assertThat(a.id()).isEqualTo(1);
      assertThat(b.id()).isEqualTo(2);
      assertThat(a.isDone()).isTrue();
    }
  }

  @Test
  void jobContextTellsJobIdAttemptAndWorker() {
    Set<Integer> workerIds = ConcurrentHashMap.newKeySet();
    try (var pool =
        WorkerPool.<Integer, String>builder(
                (n, job) -> {
                  workerIds.add(job.workerId());
                  return job.jobId() + "/" + job.attempt();
                })
            .workers(4)
            .build()) {
      List<Job<Integer, String>> jobs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        jobs.add(pool.submit(i));
      }
      for (Job<Integer, String> j : jobs) {
        assertThat(((Outcome.Succeeded<Integer, String>) j.outcome()).result())
            .isEqualTo(j.id() + "/1");
      }
    }
    assertThat(workerIds).isNotEmpty().allSatisfy(id -> assertThat(id).isBetween(1, 4));
  }

  @Test
  void submitBlocksWhileTheQueueIsFull() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .workers(1)
            .queueCapacity(2)
            .build()) {
      pool.submit(1); // taken by the worker, which blocks
      await().until(() -> pool.metrics().running() == 1);
      pool.submit(2);
      pool.submit(3); // queue full now
      CountDownLatch submitted = new CountDownLatch(1);
      go(
          () -> {
            pool.submit(4);
            submitted.countDown();
          });
      assertThat(submitted.await(200, TimeUnit.MILLISECONDS))
          .as("submit waits while the queue is full")
          .isFalse();
      assertThat(pool.trySubmit(5).outcome())
          .isEqualTo(
              new Outcome.Rejected<Integer, Integer>(0, 5, RejectedJobException.Reason.QUEUE_FULL));
      Job<Integer, Integer> timed = pool.submit(6, Duration.ofMillis(50));
      assertThat(timed.accepted()).isFalse();
      assertThat(((Outcome.Rejected<Integer, Integer>) timed.outcome()).reason())
          .isEqualTo(RejectedJobException.Reason.TIMED_OUT);
      release.countDown();
      assertThat(submitted.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void handOffQueueAcceptsOnlyWhenAWorkerIsIdle() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .workers(1)
            .queueCapacity(0)
            .build()) {
      await().untilAsserted(() -> assertThat(pool.trySubmit(1).accepted()).isTrue());
      await().until(() -> pool.metrics().running() == 1);
      assertThat(pool.trySubmit(2).accepted()).as("no idle worker, no queue").isFalse();
      release.countDown();
      await().untilAsserted(() -> assertThat(pool.trySubmit(3).accepted()).isTrue());
    }
  }

  @Test
  void submitAfterShutdownFailsClearly() {
    var pool =
        WorkerPool.<Integer, Integer>builder((n, job) -> n).workers(1).name("orders").build();
    pool.shutdown();
    assertThatThrownBy(() -> pool.submit(1))
        .isInstanceOf(RejectedJobException.class)
        .hasMessageContaining("orders")
        .hasMessageContaining("shut down")
        .satisfies(
            e ->
                assertThat(((RejectedJobException) e).reason())
                    .isEqualTo(RejectedJobException.Reason.SHUT_DOWN));
    Job<Integer, Integer> j = pool.trySubmit(2);
    assertThat(j.accepted()).isFalse();
    assertThat(j.isDone()).isTrue();
    assertThat(j.outcome())
        .isEqualTo(
            new Outcome.Rejected<Integer, Integer>(0, 2, RejectedJobException.Reason.SHUT_DOWN));
    assertThat(pool.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(pool.metrics().rejected()).isEqualTo(2);
  }

  @Test
  void aSubmitBlockedByAFullQueueIsRejectedByShutdown() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .workers(1)
            .queueCapacity(1)
            .build();
    pool.submit(1);
    await().until(() -> pool.metrics().running() == 1);
    pool.submit(2);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread submitter =
        go(
            () -> {
              try {
                pool.submit(3);
              } catch (Throwable e) {
                failure.set(e);
              }
              done.countDown();
            });
    await().until(() -> submitter.getState() == Thread.State.WAITING); // blocked: the queue is full
    pool.shutdown();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(failure.get()).isInstanceOf(RejectedJobException.class);
    release.countDown();
    pool.close();
    assertThat(pool.metrics().succeeded()).isEqualTo(2);
  }

  @Test
  void closeFinishesQueuedWork() {
    List<Job<Integer, Integer>> jobs = new ArrayList<>();
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  dev.kanal.Time.sleep(Duration.ofMillis(5));
                  return n;
                })
            .workers(2)
            .build();
    for (int i = 0; i < 40; i++) {
      jobs.add(pool.submit(i));
    }
    pool.close();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(jobs).allSatisfy(j -> assertThat(j.outcome().isSuccess()).isTrue());
    assertThat(pool.metrics().workers()).isZero();
  }

  @Test
  void closeInterruptedCancelsTheRest() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  started.countDown();
                  Thread.sleep(60_000);
                  return n;
                })
            .workers(1)
            .build();
    Job<Integer, Integer> running = pool.submit(1);
    Job<Integer, Integer> queued = pool.submit(2);
    started.await();
    Thread closer = go(() -> pool.close());
    closer.interrupt();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(running.outcome())
        .isInstanceOfSatisfying(Outcome.Cancelled.class, c -> assertThat(c.started()).isTrue());
    assertThat(queued.outcome())
        .isInstanceOfSatisfying(Outcome.Cancelled.class, c -> assertThat(c.started()).isFalse());
  }

  @Test
  void badOptionsGetOneClearMessage() {
    assertThatThrownBy(() -> WorkerPool.builder((x, j) -> x).workers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a pool needs at least 1 worker, got a maximum of 0");
    assertThatThrownBy(() -> WorkerPool.builder((x, j) -> x).workers(5, 2))
        .hasMessage("the minimum number of workers (5) cannot exceed the maximum (2)");
    assertThatThrownBy(() -> WorkerPool.builder((x, j) -> x).queueCapacity(-1))
        .hasMessage("queueCapacity must be 0 (hand-off) or more, got -1");
    assertThatThrownBy(() -> WorkerPool.builder((x, j) -> x).jobTimeout(Duration.ZERO))
        .hasMessage("jobTimeout must be positive, got PT0S");
    assertThatThrownBy(() -> WorkerPool.builder((x, j) -> x).ordered().discardOutcomes().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contradict");
    try (var pool = WorkerPool.<Integer, Integer>builder((x, j) -> x).workers(1).build()) {
      assertThatThrownBy(() -> pool.submit(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("input must not be null");
      assertThatThrownBy(() -> pool.resize(0)).hasMessageContaining("at least 1 worker");
    }
  }

  @Test
  void awaitTerminationIsInterruptible() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .workers(1)
            .build();
    pool.submit(1);
    pool.shutdown();
    assertThat(pool.awaitTermination(Duration.ofMillis(50))).isFalse();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter =
        go(
            () -> {
              try {
                pool.awaitTermination();
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    waiter.interrupt();
    waiter.join(5_000);
    assertThat(thrown.get()).isInstanceOf(OperationInterruptedException.class);
    release.countDown();
    pool.awaitTermination();
    assertThat(pool.isTerminated()).isTrue();
  }
}

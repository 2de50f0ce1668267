package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.Context;
import dev.kanal.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-job timeout, the pool deadline and the parent context. */
@Timeout(30)
class WorkerPoolTimeoutTest {

  @Test
  void aJobPastItsTimeoutIsInterruptedAndTimedOut() {
    AtomicBoolean interrupted = new AtomicBoolean();
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  try {
                    Thread.sleep(10_000);
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                  }
                  return s;
                })
            .workers(1)
            .jobTimeout(Duration.ofMillis(50))
            .build()) {
      long t0 = System.nanoTime();
      Outcome<String, String> o = pool.submit("slow").outcome();
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
      assertThat(o)
          .isInstanceOfSatisfying(
              Outcome.TimedOut.class,
              t -> {
                assertThat(t.timeout()).isEqualTo(Duration.ofMillis(50));
                assertThat((List<?>) t.attemptErrors())
                    .singleElement()
                    .isInstanceOf(JobTimeoutException.class);
              });
      assertThat(interrupted).isTrue();
      assertThat(pool.metrics().timedOut()).isEqualTo(1);
    }
  }

  @Test
  void theJobsContextEndsAtItsTimeout() {
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  Context ctx = job.context();
                  assertThat(ctx.deadline()).isPresent();
                  // Wait on the context only, as seed 001's workers select on ctx.Done().
                  ctx.done().receiveOrNull();
                  return "ended: " + ctx.err().getClass().getSimpleName();
                })
            .workers(1)
            .jobTimeout(Duration.ofMillis(50))
            .build()) {
      assertThat(pool.submit("x").outcome()).isInstanceOf(Outcome.TimedOut.class);
    }
  }

  @Test
  void aJobThatIgnoresTheInterruptStillTimesOut() {
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
                  while (System.nanoTime() < end) {
                    Thread.onSpinWait(); // busy, deaf to interrupts
                  }
                  return s;
                })
            .workers(1)
            .jobTimeout(Duration.ofMillis(20))
            .build()) {
      assertThat(pool.submit("deaf").outcome()).isInstanceOf(Outcome.TimedOut.class);
      // The interrupt meant for it must not reach the next job.
      assertThat(pool.submit("next").outcome()).isInstanceOf(Outcome.TimedOut.class);
    }
  }

  @Test
  void anInterruptMeantForOneJobNeverReachesTheNext() {
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  if (n % 2 == 0) {
                    Thread.sleep(5_000); // times out
                  } else if (Thread.currentThread().isInterrupted()) {
                    throw new AssertionError("job " + n + " started interrupted");
                  }
                  return n;
                })
            .workers(2)
            .jobTimeout(Duration.ofMillis(5))
            .build()) {
      List<Job<Integer, Integer>> jobs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        jobs.add(pool.submit(i));
      }
      for (Job<Integer, Integer> j : jobs) {
        Outcome<Integer, Integer> o = j.outcome();
        if (j.input() % 2 == 0) {
          assertThat(o).isInstanceOf(Outcome.TimedOut.class);
        } else {
          assertThat(o).as("job %s", j.input()).isInstanceOf(Outcome.Succeeded.class);
        }
      }
    }
  }

  @Test
  void timedOutAttemptsAreRetriedLikeFailures() {
    try (var pool =
        WorkerPool.<String, String>builder(
                (s, job) -> {
                  if (job.attempt() == 1) {
                    Thread.sleep(5_000);
                  }
                  return "attempt " + job.attempt();
                })
            .workers(1)
            .jobTimeout(Duration.ofMillis(50))
            .retry(RetryPolicy.attempts(2))
            .build()) {
      Outcome<String, String> o = pool.submit("x").outcome();
      assertThat(o)
          .isInstanceOfSatisfying(
              Outcome.Succeeded.class, s -> assertThat(s.result()).isEqualTo("attempt 2"));
    }
  }

  @Test
  void thePoolDeadlineCancelsWhatIsNotDone() {
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  Time.sleep(Duration.ofMillis(n < 3 ? 10 : 10_000));
                  return n;
                })
            .workers(3)
            .timeout(Duration.ofMillis(300))
            .build();
    List<Job<Integer, Integer>> jobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      jobs.add(pool.submit(i));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
    int ok = 0;
    int cancelledRunning = 0;
    int cancelledQueued = 0;
    for (Job<Integer, Integer> j : jobs) {
      switch (j.outcome()) {
        case Outcome.Succeeded<Integer, Integer> s -> ok++;
        case Outcome.Cancelled<Integer, Integer> c -> {
          assertThat(c.reason()).isInstanceOf(StopReason.DeadlineExceeded.class);
          if (c.started()) {
            cancelledRunning++;
          } else {
            cancelledQueued++;
          }
        }
        default -> throw new AssertionError(j.outcome());
      }
    }
    assertThat(ok).isEqualTo(3);
    assertThat(cancelledRunning).isEqualTo(3);
    assertThat(cancelledQueued).isEqualTo(4);
    assertThat(pool.stopped()).get().isInstanceOf(StopReason.DeadlineExceeded.class);
    assertThat(pool.trySubmit(99).outcome())
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectedJobException.Reason.STOPPED));
  }

  @Test
  void cancellingTheParentContextStopsThePool() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    try (var parent = Context.withCancel(Context.background())) {
      var pool =
          WorkerPool.<Integer, Integer>builder(
                  (n, job) -> {
                    started.countDown();
                    job.context().done().receiveOrNull();
                    return n;
                  })
              .workers(1)
              .context(parent)
              .build();
      Job<Integer, Integer> running = pool.submit(1);
      Job<Integer, Integer> queued = pool.submit(2);
      started.await();
      parent.cancel(new IllegalStateException("user pressed Ctrl-C"));
      assertThat(running.outcome())
          .isInstanceOfSatisfying(
              Outcome.Cancelled.class,
              c -> {
                assertThat(c.started()).isTrue();
                assertThat(c.reason())
                    .isInstanceOfSatisfying(
                        StopReason.ContextEnded.class,
                        r -> assertThat(r.cause()).hasMessage("user pressed Ctrl-C"));
              });
      assertThat(queued.outcome())
          .isInstanceOfSatisfying(Outcome.Cancelled.class, c -> assertThat(c.started()).isFalse());
      assertThat(pool.awaitTermination(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void valuesOfTheParentContextReachTheJobs() {
    Context.Key<String> user = Context.Key.of("user");
    try (var pool =
        WorkerPool.<Integer, String>builder((n, job) -> job.context().value(user))
            .workers(1)
            .context(Context.withValue(Context.background(), user, "ada"))
            .build()) {
      assertThat(((Outcome.Succeeded<Integer, String>) pool.submit(1).outcome()).result())
          .isEqualTo("ada");
    }
  }

  @Test
  void aDeadlineInThePastStopsThePoolAtOnce() {
    var pool =
        WorkerPool.<Integer, Integer>builder((n, job) -> n)
            .workers(1)
            .deadline(java.time.Instant.now().minusSeconds(1))
            .build();
    // A stopped pool takes no job, so with none left it terminates by itself.
    assertThat(pool.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(pool.stopped()).get().isInstanceOf(StopReason.DeadlineExceeded.class);
    assertThat(pool.trySubmit(1).outcome())
        .isEqualTo(
            new Outcome.Rejected<Integer, Integer>(0, 1, RejectedJobException.Reason.STOPPED));
  }
  @Test
  void aPoolShutDownAfterItsDeadlineStillSaysTheDeadlineStoppedIt() {
    // Shut down before the supervisor saw the deadline: the pool has no job and finishes at
    // once, but it still ended because of the deadline, and stopped() must say so (kanal run
    // decides its exit status on it).
    for (int round = 0; round < 200; round++) {
      var pool =
          WorkerPool.<Integer, Integer>builder((n, job) -> n)
              .workers(1)
              .deadline(java.time.Instant.now().minusSeconds(1))
              .build();
      pool.shutdown();
      assertThat(pool.awaitTermination(Duration.ofSeconds(5))).isTrue();
      assertThat(pool.stopped()).as("round %d", round).get().isInstanceOf(StopReason.DeadlineExceeded.class);
    }
  }
}

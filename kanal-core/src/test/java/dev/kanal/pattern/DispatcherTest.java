package dev.kanal.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.kanal.CancellableContext;
import dev.kanal.Context;
import dev.kanal.Go;
import dev.kanal.TestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dispatcher (seed 004): a channel of worker channels, each job to an idle worker. */
class DispatcherTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  @AfterEach
  void noGoroutineLeft() {
    LeakCheck.assertNoPatternGoroutineLeft();
  }

  @Test
  void aJobThatLeavesItsInterruptStatusSetDoesNotKillItsWorker() throws Exception {
    List<Integer> done = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Dispatcher<Integer> d =
        new Dispatcher<Integer>(
                new Dispatcher.Config(1, 10),
                job -> {
                  done.add(job);
                  if (job == 1) {
                    Thread.currentThread().interrupt(); // a handler that restored the status
                  }
                })
            .onError((job, e) -> failures.add(e));
    d.run();
    for (int j = 1; j <= 3; j++) {
      d.submit(j);
    }
    Thread closer = Go.go(d::close);

    assertThat(closer.join(GENEROUS)).as("close() returned").isTrue();
    assertThat(done).containsExactly(1, 2, 3);
    assertThat(failures).isEmpty();
  }

  @Test
  void closeIsIdempotentAfterTheJobQueueWasClosedThroughItsView() {
    List<Integer> done = new java.util.concurrent.CopyOnWriteArrayList<>();
    Dispatcher<Integer> d = new Dispatcher<>(new Dispatcher.Config(2, 10), done::add);
    d.run();
    d.submit(1);
    d.jobQueue().close();

    d.close(); // the graceful end the caller began: waits, does not throw
    d.close();

    assertThat(done).containsExactly(1);
  }

  @Test
  void sizesComeFromTheEnvironment() {
    Dispatcher.Config c = Dispatcher.Config.fromEnv(Map.of("MAX_WORKERS", "4", "MAX_QUEUE", " 20 "));
    assertThat(c).isEqualTo(new Dispatcher.Config(4, 20));

    Dispatcher.Config defaults = Dispatcher.Config.fromEnv(Map.of("MAX_QUEUE", ""), 3, 7);
    assertThat(defaults).isEqualTo(new Dispatcher.Config(3, 7));
  }

  @Test
  void aBadValueIsNamedClearly() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Dispatcher.Config.fromEnv(Map.of("MAX_WORKERS", "four")))
        .withMessage("MAX_WORKERS must be a whole number from 1 to 100000, got 'four'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Dispatcher.Config.fromEnv(Map.of("MAX_WORKERS", "0")))
        .withMessage("MAX_WORKERS must be from 1 to 100000, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Dispatcher.Config.fromEnv(Map.of("MAX_QUEUE", "-1")))
        .withMessage("MAX_QUEUE must be from 0 to 10000000, got -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Dispatcher.Config.fromEnv(Map.of("MAX_QUEUE", "99999999999")))
        .withMessage("MAX_QUEUE must be a whole number from 0 to 10000000, got '99999999999'");
  }

  @Test
  void everyJobIsHandledOnceByAtMostMaxWorkersAtATime() {
    ConcurrentHashMap<Integer, Integer> done = new ConcurrentHashMap<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    Dispatcher<Integer> d =
        new Dispatcher<>(
            new Dispatcher.Config(3, 5),
            job -> {
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              Thread.yield();
              done.merge(job, 1, Integer::sum);
              running.decrementAndGet();
            });
    d.run();
    for (int i = 0; i < 200; i++) {
      d.submit(i);
    }

    d.close(); // graceful: every queued job is done when it returns

    assertThat(done).hasSize(200);
    assertThat(done.values()).allMatch(n -> n == 1);
    assertThat(maxRunning.get()).isBetween(1, 3);
  }

  @Test
  void submitBlocksWhenTheQueueIsFullAndEveryWorkerBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Dispatcher<String> d =
        new Dispatcher<>(
            new Dispatcher.Config(1, 1),
            job -> {
              started.countDown();
              release.await();
            });
    d.run();
    d.submit("busy"); // taken by the only worker
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    d.submit("held by the dispatcher, waiting for a worker");
    d.submit("queued");
    Thread submitter = Go.go(() -> d.submit("blocked"));
    TestSupport.awaitBlocked(submitter);
    assertThat(submitter.isAlive()).isTrue();

    release.countDown();

    assertThat(submitter.join(GENEROUS)).isTrue();
    d.close();
  }

  @Test
  void stopDropsQueuedJobsAndEveryGoroutineLeaves() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    Dispatcher<Integer> d =
        new Dispatcher<>(
            new Dispatcher.Config(2, 10),
            job -> {
              release.await();
              handled.incrementAndGet();
            });
    d.run();
    for (int i = 0; i < 10; i++) {
      d.submit(i);
    }

    d.stop();
    release.countDown();
    d.close();

    assertThat(handled.get()).isLessThanOrEqualTo(3); // at most the jobs already handed out
    assertThatIllegalStateException()
        .isThrownBy(() -> d.submit(99))
        .withMessage("Dispatcher.submit: the dispatcher is closed or stopped");
  }

  @Test
  void theParentsEndStopsIt() {
    CancellableContext parent = Context.withCancel(Context.background());
    Dispatcher<Integer> d = new Dispatcher<>(parent, new Dispatcher.Config(2, 2), job -> {});
    d.run();
    parent.cancel();
    d.close();
  }

  @Test
  void aFailingJobIsReportedAndTheWorkerGoesOn() {
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    AtomicInteger ok = new AtomicInteger();
    Dispatcher<Integer> d =
        new Dispatcher<Integer>(
                new Dispatcher.Config(1, 4),
                job -> {
                  if (job % 2 == 0) {
                    throw new IllegalStateException("upload failed");
                  }
                  ok.incrementAndGet();
                })
            .onError((job, e) -> errors.add(job + ": " + e.getMessage()));
    d.run();
    for (int i = 1; i <= 4; i++) {
      d.submit(i);
    }
    d.close();

    assertThat(errors).containsExactlyInAnyOrder("2: upload failed", "4: upload failed");
    assertThat(ok).hasValue(2);
  }

  @Test
  void closeWithoutRunAndRunTwice() {
    Dispatcher<Integer> idle = new Dispatcher<>(new Dispatcher.Config(1, 0), job -> {});
    idle.close();
    Dispatcher<Integer> d = new Dispatcher<>(new Dispatcher.Config(1, 0), job -> {});
    d.run();
    assertThatIllegalStateException().isThrownBy(d::run).withMessage("Dispatcher.run: already running");
    d.close();
  }

  @Test
  void stressNothingLostOrDuplicatedUnderRandomStops() throws Exception {
    for (int round = 0; round < 50 * SCALE; round++) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      ConcurrentHashMap<Integer, Integer> handled = new ConcurrentHashMap<>();
      ConcurrentHashMap<Integer, Boolean> accepted = new ConcurrentHashMap<>();
      Dispatcher<Integer> d =
          new Dispatcher<>(
              new Dispatcher.Config(rnd.nextInt(1, 6), rnd.nextInt(0, 10)),
              job -> handled.merge(job, 1, Integer::sum));
      d.run();
      List<Thread> submitters = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        int base = s * 1000;
        submitters.add(
            Go.go(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    try {
                      d.submit(base + i);
                      accepted.put(base + i, true);
                    } catch (IllegalStateException stopped) {
                      return;
                    }
                  }
                }));
      }
      boolean stop = rnd.nextInt(3) == 0;
      if (stop) {
        d.stop();
      }
      for (Thread t : submitters) {
        assertThat(t.join(GENEROUS)).isTrue();
      }
      d.close();

      assertThat(handled.values()).allMatch(n -> n == 1);
      assertThat(accepted.keySet()).containsAll(handled.keySet());
      if (!stop) {
        assertThat(handled.keySet()).isEqualTo(accepted.keySet());
      }
    }
  }
}

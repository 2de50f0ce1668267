package dev.kanal.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.CancellableContext;
import dev.kanal.Context;
import dev.kanal.DeadlineExceededException;
import dev.kanal.Go;
import dev.kanal.TestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WorkPool (seed 004's Work): unbuffered hand-off, shutdown waits for running tasks. */
class WorkPoolTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  @AfterEach
  void noGoroutineLeft() {
    LeakCheck.assertNoPatternGoroutineLeft();
  }

  @Test
  void aTaskThatLeavesItsInterruptStatusSetDoesNotShrinkThePool() {
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    WorkPool p = new WorkPool(1, failures::add);
    AtomicInteger ran = new AtomicInteger();
    // As a task that caught InterruptedException and restored the status would leave it.
    p.run(() -> Thread.currentThread().interrupt());
    for (int i = 0; i < 3; i++) {
      p.run(ran::incrementAndGet, Context.withTimeout(Context.background(), GENEROUS));
    }
    p.shutdown();

    assertThat(ran).hasValue(3);
    assertThat(failures).isEmpty();
  }

  @Test
  void runReturnsOnlyOnceAGoroutineTookTheTask() throws Exception {
    WorkPool p = new WorkPool(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstStarted = new CountDownLatch(1);
    p.run(
        () -> {
          firstStarted.countDown();
          await(release);
        });
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
    AtomicInteger secondRan = new AtomicInteger();
    Thread submitter = Go.go(() -> p.run(secondRan::incrementAndGet));
    TestSupport.awaitBlocked(submitter); // the only goroutine is busy: no hand-off yet
    assertThat(submitter.isAlive()).isTrue();

    release.countDown();

    assertThat(submitter.join(GENEROUS)).isTrue();
    p.shutdown();
    assertThat(secondRan).hasValue(1);
  }

  @Test
  void shutdownWaitsForEveryRunningTask() throws Exception {
    WorkPool p = new WorkPool(2);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    for (int i = 0; i < 2; i++) {
      p.run(
          () -> {
            await(release);
            finished.incrementAndGet();
          });
    }
    Thread shutdown = Go.go(p::shutdown);
    TestSupport.awaitBlocked(shutdown);
    assertThat(finished).hasValue(0);

    release.countDown();

    assertThat(shutdown.join(GENEROUS)).isTrue();
    assertThat(finished).hasValue(2);
    p.shutdown(); // idempotent
  }

  @Test
  void runAfterShutdownFailsClearly() {
    WorkPool p = new WorkPool(1);
    p.close();
    assertThatIllegalStateException()
        .isThrownBy(() -> p.run(() -> {}))
        .withMessage("WorkPool.run: the pool is shut down; submit before shutdown()");
  }

  @Test
  void aSubmitterWaitingAtShutdownFailsInsteadOfHanging() throws Exception {
    WorkPool p = new WorkPool(1);
    CountDownLatch release = new CountDownLatch(1);
    p.run(() -> await(release));
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread submitter =
        Go.go(
            () -> {
              try {
                p.run(() -> {});
              } catch (Throwable e) {
                outcome.set(e);
              }
            });
    TestSupport.awaitBlocked(submitter);
    Thread shutdown = Go.go(p::shutdown);

    assertThat(submitter.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isInstanceOf(IllegalStateException.class);
    release.countDown();
    assertThat(shutdown.join(GENEROUS)).isTrue();
  }

  @Test
  void runWithAContextGivesUpWhenNoGoroutineIsFree() {
    WorkPool p = new WorkPool(1);
    CountDownLatch release = new CountDownLatch(1);
    p.run(() -> await(release));
    CancellableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));

    assertThatThrownBy(() -> p.run(() -> {}, ctx)).isInstanceOf(DeadlineExceededException.class);

    release.countDown();
    p.shutdown();
  }

  @Test
  void aFailingTaskIsReportedAndTheGoroutineGoesOn() {
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    WorkPool p = new WorkPool(1, errors::add);
    AtomicInteger ran = new AtomicInteger();

    p.run(
        () -> {
          throw new IllegalStateException("boom");
        });
    p.run(ran::incrementAndGet);
    p.shutdown();

    assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("boom"));
    assertThat(ran).hasValue(1);
  }

  @Test
  void badSizeIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new WorkPool(0))
        .withMessage("WorkPool: maxGoroutines must be at least 1, got 0");
  }

  @Test
  void stressEveryAcceptedTaskRunsExactlyOnce() throws Exception {
    for (int round = 0; round < 50 * SCALE; round++) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      int goroutines = rnd.nextInt(1, 5);
      WorkPool p = new WorkPool(goroutines);
      ConcurrentHashMap<Integer, Integer> ran = new ConcurrentHashMap<>();
      ConcurrentHashMap<Integer, Boolean> accepted = new ConcurrentHashMap<>();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      List<Thread> submitters = new ArrayList<>();
      for (int s = 0; s < 8; s++) {
        int base = s * 100;
        submitters.add(
            Go.go(
                () -> {
                  for (int i = 0; i < 30; i++) {
                    int id = base + i;
                    try {
                      p.run(
                          () -> {
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            ran.merge(id, 1, Integer::sum);
                            running.decrementAndGet();
                          });
                      accepted.put(id, true);
                    } catch (IllegalStateException shutDown) {
                      return;
                    }
                  }
                }));
      }
      if (rnd.nextBoolean()) {
        p.shutdown(); // at a random point: later submissions fail, none is lost
      }
      for (Thread t : submitters) {
        assertThat(t.join(GENEROUS)).isTrue();
      }
      p.shutdown();

      assertThat(ran.keySet()).isEqualTo(accepted.keySet());
      assertThat(ran.values()).allMatch(n -> n == 1);
      assertThat(maxRunning.get()).isLessThanOrEqualTo(goroutines);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

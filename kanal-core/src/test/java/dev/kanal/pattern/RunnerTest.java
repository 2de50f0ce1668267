package dev.kanal.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.Channel;
import dev.kanal.Time;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runner (seed 004): tasks in order, an overall timeout, an interrupt between tasks. */
class RunnerTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @AfterEach
  void noGoroutineLeft() {
    LeakCheck.assertNoPatternGoroutineLeft();
  }

  @Test
  void everyTaskRunsInOrderWithItsIndex() {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    Runner r = new Runner(LONG);
    r.add(ran::add, ran::add);
    r.add(ran::add);

    assertThat(r.start()).isNull();

    assertThat(ran).containsExactly(0, 1, 2);
    assertThat(r.context().isDone()).isTrue();
  }

  @Test
  void timeoutStopsWaitingAndTheRestIsNeverRun() throws Exception {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    Runner r = new Runner(Duration.ofMillis(100));
    r.add(
        id -> {
          ran.add(id);
          release.await(); // longer than the timeout
        },
        ran::add);

    Runner.Failure err = r.start();

    assertThat(err).isInstanceOf(Runner.TimeoutException.class).hasMessage("received timeout");
    assertThat(r.context().isDone()).isTrue();
    release.countDown(); // task 0 ends; task 1 must not start (@AfterEach: goroutine gone)
    LeakCheck.assertNoPatternGoroutineLeft();
    assertThat(ran).containsExactly(0);
  }

  @Test
  void workThatEndsExactlyAtTheDeadlineIsATimeoutEveryTime() {
    // The seed's own program: tasks of 0, 1 and 2 units in a timeout of 3 units.
    Duration unit = Duration.ofMillis(60);
    Runner r = new Runner(unit.multipliedBy(3));
    for (int i = 0; i < 3; i++) {
      r.add(id -> Time.sleep(unit.multipliedBy(id)));
    }
    assertThat(r.start()).isInstanceOf(Runner.TimeoutException.class);
  }

  @Test
  void interruptEndsTheContextSoThatALongLastTaskStopsEarly() {
    CountDownLatch inTask = new CountDownLatch(1);
    Runner r = new Runner(LONG);
    r.add(
        id -> {
          inTask.countDown();
          r.context().done().receiveOrNull(); // a long task that watches the context
        });
    dev.kanal.Go.go(
        () -> {
          try {
            inTask.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          r.interrupt();
        });

    assertThat(r.start()).isInstanceOf(Runner.InterruptException.class);
  }

  @Test
  void anInterruptBeforeStartRunsNothing() {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    Runner r = new Runner(LONG);
    r.add(ran::add);
    r.interrupt();
    r.interrupt(); // repeated interrupts count as one and never block

    assertThat(r.start()).isInstanceOf(Runner.InterruptException.class).hasMessage("received interrupt");
    assertThat(ran).isEmpty();
  }

  @Test
  void anInterruptDuringATaskStopsBeforeTheNext() throws Exception {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch inTask1 = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Runner r = new Runner(LONG);
    r.add(
        ran::add,
        id -> {
          ran.add(id);
          inTask1.countDown();
          release.await();
        },
        ran::add);
    dev.kanal.Go.go(
        () -> {
          try {
            assertThat(inTask1.await(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          r.interrupt();
          release.countDown();
        });

    assertThat(r.start()).isInstanceOf(Runner.InterruptException.class);
    assertThat(ran).containsExactly(0, 1);
  }

  @Test
  void aCallerFedChannelInterruptsToo() {
    Channel<String> signals = Channel.buffered(1);
    Runner r = new Runner(LONG, signals);
    r.add(id -> signals.send("SIGINT"), id -> {});

    assertThat(r.start()).isInstanceOf(Runner.InterruptException.class);
    assertThatIllegalStateException()
        .isThrownBy(r::interrupt)
        .withMessageContaining("interrupt channel given to its constructor");
  }

  @Test
  void aClosedInterruptChannelCountsAsAnInterrupt() {
    Channel<String> signals = Channel.unbuffered();
    signals.close();
    Runner r = new Runner(LONG, signals);
    r.add(id -> {});
    assertThat(r.start()).isInstanceOf(Runner.InterruptException.class);
  }

  @Test
  void aFailingTaskStopsTheRunAndIsThrownWithItsCause() {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    Runner r = new Runner(LONG);
    r.add(
        ran::add,
        id -> {
          throw new IOException("disk full");
        },
        ran::add);

    assertThatThrownBy(r::start)
        .isInstanceOf(Runner.TaskFailedException.class)
        .hasMessage("Runner task #1 failed: java.io.IOException: disk full")
        .hasCauseInstanceOf(IOException.class)
        .satisfies(e -> assertThat(((Runner.TaskFailedException) e).taskId()).isEqualTo(1));
    assertThat(ran).containsExactly(0);
  }

  @Test
  void stressOutcomesAreConsistentUnderRandomTimeoutsAndInterrupts() {
    int rounds = 150 * Integer.getInteger("kanal.stress.scale", 1);
    for (int round = 0; round < rounds; round++) {
      java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
      int tasks = rnd.nextInt(0, 6);
      int interruptIn = tasks > 0 && rnd.nextBoolean() ? rnd.nextInt(0, tasks) : -1;
      List<Integer> ran = new CopyOnWriteArrayList<>();
      Runner r = new Runner(Duration.ofMillis(rnd.nextInt(1, 12)));
      for (int t = 0; t < tasks; t++) {
        long micros = rnd.nextLong(0, 3_000);
        r.add(
            id -> {
              ran.add(id);
              if (id == interruptIn) {
                r.interrupt(); // the signal arrives during this task
              }
              Time.sleep(Duration.ofNanos(micros * 1_000));
            });
      }

      Runner.Failure err = r.start();

      // One snapshot: after a timeout the task goroutine may still be starting the task it had
      // already decided to run (it checks the context between tasks), so ran can still grow.
      List<Integer> seen = List.copyOf(ran);
      List<Integer> prefix = java.util.stream.IntStream.range(0, seen.size()).boxed().toList();
      assertThat(seen).as("tasks run in order, each once").isEqualTo(prefix);
      if (err == null) {
        assertThat(ran).hasSize(tasks);
        assertThat(interruptIn == -1 || interruptIn == tasks - 1).isTrue();
      } else if (err instanceof Runner.InterruptException) {
        assertThat(ran).hasSize(interruptIn + 1); // stopped right after the interrupted task
      } else {
        assertThat(err).isInstanceOf(Runner.TimeoutException.class);
      }
      assertThat(r.context().isDone()).isTrue();
    }
    // @AfterEach: the task goroutines of the rounds that timed out have all stopped.
  }

  @Test
  void misuseFailsClearly() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Runner(Duration.ZERO))
        .withMessage("Runner: the timeout must be positive, got PT0S");
    Runner r = new Runner(LONG);
    assertThat(r.start()).isNull();
    assertThatIllegalStateException().isThrownBy(r::start).withMessageContaining("runs once");
    assertThatIllegalStateException().isThrownBy(() -> r.add(id -> {})).withMessageContaining("before start()");
  }
}

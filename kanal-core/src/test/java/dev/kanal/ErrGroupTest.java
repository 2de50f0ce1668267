package dev.kanal;

import static dev.kanal.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ErrGroup (issue 4): Go's errgroup — first error, cancellation, limit, task stacks. */
class ErrGroupTest {
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  @AfterEach
  void restoreUncaughtHandler() {
    Go.onUncaught(null);
  }

  @Test
  void awaitReturnsNullWhenEveryTaskSucceeds() {
    ErrGroup g = new ErrGroup();
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 20; i++) {
      g.go(ran::incrementAndGet);
    }

    assertThat(g.await()).isNull();
    assertThat(ran).hasValue(20);
    assertThat((Object) g.context()).isSameAs(Context.background());
  }

  @Test
  void theFirstErrorWinsAndLaterOnesAreDropped() throws Exception {
    ErrGroup g = ErrGroup.withContext(Context.background());
    IOException first = new IOException("disk full");
    g.go(
        () -> {
          throw first;
        });
    // The group's context ends only once the first error is recorded: fail after that.
    g.go(
        () -> {
          g.context().done().receiveOrNull();
          throw new IllegalStateException("second");
        });
    g.go(() -> {});

    ErrGroup.TaskException err = g.await();

    assertThat(err).isNotNull().hasCause(first);
    assertThat(g.await()).isSameAs(err);
  }


  @Test
  void theErrorNamesTheGoroutineAndWhereTheTaskWasStartedWithTheTasksStack() {
    ErrGroup g = new ErrGroup();
    AtomicReference<String> goroutine = new AtomicReference<>();
    g.go(
        () -> {
          goroutine.set(Thread.currentThread().getName());
          failDeepInside();
        });

    ErrGroup.TaskException err = g.await();

    assertThat(err.goroutine()).isEqualTo(goroutine.get()).startsWith("goroutine-");
    assertThat(err.origin())
        .startsWith(ErrGroupTest.class.getName() + ".theErrorNamesTheGoroutineAndWhere")
        .contains("ErrGroupTest.java:");
    assertThat(err.getMessage())
        .contains(goroutine.get(), "started at " + err.origin(), "IOException: bad record");
    assertThat(err.getStackTrace()).hasSize(1);
    assertThat(err.getStackTrace()[0].getMethodName())
        .isEqualTo("theErrorNamesTheGoroutineAndWhereTheTaskWasStartedWithTheTasksStack");
    assertThat(err.getCause().getStackTrace())
        .anyMatch(f -> f.getMethodName().equals("failDeepInside"));
    StringWriter printed = new StringWriter();
    err.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString()).contains("Caused by: java.io.IOException: bad record", "failDeepInside");
  }

  private static void failDeepInside() throws IOException {
    throw new IOException("bad record");
  }

  @Test
  void errorsAndUncheckedExceptionsAreGroupErrorsNeverUncaught() {
    ConcurrentLinkedQueue<GoroutineException> uncaught = new ConcurrentLinkedQueue<>();
    Go.onUncaught(uncaught::add);
    ErrGroup g = new ErrGroup();
    g.go(
        () -> {
          throw new AssertionError("invariant broken");
        });

    assertThat(g.await()).hasCauseInstanceOf(AssertionError.class);
    assertThat(uncaught).isEmpty();
  }

  @Test
  void theFirstErrorCancelsTheGroupContextSoTheOthersStop() throws Exception {
    ErrGroup g = ErrGroup.withContext(Context.background());
    Context ctx = g.context();
    int waiters = 10;
    AtomicInteger stopped = new AtomicInteger();
    CountDownLatch allWaiting = new CountDownLatch(waiters);
    for (int i = 0; i < waiters; i++) {
      g.go(
          () -> {
            allWaiting.countDown();
            ctx.done().receiveOrNull(); // a long job that watches its context
            stopped.incrementAndGet();
            ctx.throwIfDone();
          });
    }
    assertThat(allWaiting.await(10, TimeUnit.SECONDS)).isTrue();
    RuntimeException critical = new RuntimeException("critical error with Charlie");

    g.go(
        () -> {
          throw critical;
        });
    ErrGroup.TaskException err = g.await();

    assertThat(err).hasCause(critical);
    assertThat(stopped).hasValue(waiters);
    assertThat(ctx.err()).isInstanceOf(ContextCancelledException.class);
    assertThat(ctx.cause()).isSameAs(err);
  }

  @Test
  void awaitCancelsTheGroupContextEvenWithoutAnError() {
    CancellableContext parent = Context.withCancel(Context.background());
    ErrGroup g = ErrGroup.withContext(parent);
    Context ctx = g.context();
    g.go(() -> assertThat(ctx.isDone()).isFalse());

    assertThat(g.await()).isNull();

    assertThat(ctx.err()).isInstanceOf(ContextCancelledException.class);
    assertThat(ctx.cause()).isSameAs(ctx.err());
    assertThat(parent.isDone()).isFalse();
    assertThat(ContextTest.children(parent)).isZero();
  }

  @Test
  void cancellingTheParentReachesTheTasks() {
    CancellableContext parent = Context.withCancel(Context.background());
    ErrGroup g = ErrGroup.withContext(parent);
    Channel<String> never = Channel.unbuffered();
    g.go(() -> never.receive(g.context()));

    parent.cancel();

    assertThat(g.await()).hasCauseInstanceOf(ContextCancelledException.class);
  }

  @Test
  void goBlocksAtTheLimitAndTryGoDoesNot() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch twoRunning = new CountDownLatch(2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    ErrGroup.Task task =
        () -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          twoRunning.countDown();
          release.await();
          running.decrementAndGet();
        };
    g.go(task);
    assertThat(g.tryGo(task)).isTrue();
    assertThat(twoRunning.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(g.tryGo(task)).isFalse();
    Thread third = go(() -> g.go(task)); // blocks: two are running
    ContextOperationsTest.awaitBlocked(third);
    assertThat(third.isAlive()).isTrue();

    release.countDown();

    assertThat(third.join(GENEROUS)).isTrue();
    assertThat(g.await()).isNull();
    assertThat(maxRunning).hasValue(2);
    assertThat(g.tryGo(task)).isTrue(); // room again once idle
    assertThat(g.await()).isNull();
  }

  @Test
  void limitZeroLetsNothingStartAndNegativeMeansNoLimit() {
    ErrGroup g = new ErrGroup();
    g.setLimit(0);
    assertThat(g.tryGo(() -> {})).isFalse();

    g.setLimit(-1);
    for (int i = 0; i < 100; i++) {
      assertThat(g.tryGo(() -> {})).isTrue();
    }
    assertThat(g.await()).isNull();
  }

  @Test
  void theLimitCannotChangeWhileTasksRun() throws Exception {
    ErrGroup g = new ErrGroup();
    CountDownLatch release = new CountDownLatch(1);
    g.go(release::await);

    assertThatIllegalStateException()
        .isThrownBy(() -> g.setLimit(3))
        .withMessageContaining("cannot change the limit while 1 tasks");

    release.countDown();
    assertThat(g.await()).isNull();
    g.setLimit(3); // idle again: allowed
  }

  @Test
  void aBlockedGoCanBeInterrupted() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    CountDownLatch release = new CountDownLatch(1);
    g.go(release::await);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread blocked =
        go(
            () -> {
              try {
                g.go(() -> {});
              } catch (Throwable e) {
                outcome.set(e);
              }
            });
    ContextOperationsTest.awaitBlocked(blocked);

    blocked.interrupt();

    assertThat(blocked.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isInstanceOf(OperationInterruptedException.class);
    release.countDown();
    assertThat(g.await()).isNull();
  }

  @Test
  void awaitIsInterruptible() throws Exception {
    ErrGroup g = new ErrGroup();
    CountDownLatch release = new CountDownLatch(1);
    g.go(release::await);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread waiter =
        go(
            () -> {
              try {
                g.await();
              } catch (Throwable e) {
                outcome.set(e);
              }
            });
    ContextOperationsTest.awaitBlocked(waiter);

    waiter.interrupt();

    assertThat(waiter.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isInstanceOf(OperationInterruptedException.class);
    release.countDown();
    assertThat(g.await()).isNull();
  }

  @Test
  void noTaskGoroutineOutlivesAwait() throws Exception {
    ErrGroup g = ErrGroup.withContext(Context.background());
    ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < 50; i++) {
      int id = i;
      g.go(
          () -> {
            threads.add(Thread.currentThread());
            if (id == 25) {
              throw new IllegalStateException("stop");
            }
            g.context().done().receiveOrNull();
          });
    }

    assertThat(g.await()).isNotNull();

    for (Thread t : List.copyOf(threads)) {
      assertThat(t.join(GENEROUS)).as("%s ended", t).isTrue();
    }
    assertThat(threads).hasSize(50);
  }

  @Test
  void nullArgumentsAreRejected() {
    ErrGroup g = new ErrGroup();
    assertThatNullPointerException().isThrownBy(() -> g.go(null)).withMessage("task");
    assertThatNullPointerException().isThrownBy(() -> g.tryGo(null)).withMessage("task");
    assertThatNullPointerException()
        .isThrownBy(() -> ErrGroup.withContext(null))
        .withMessage("parent");
  }
}

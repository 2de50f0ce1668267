package dev.kanal;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One operation run on a thread of its own, so that a test can watch it block and then see how it
 * ended: its result, or the exception it threw, and whether its thread's interrupt status was still
 * set when it ended.
 *
 * <p>"Blocked" is read from the thread's state ({@code WAITING} or {@code TIMED_WAITING}): a Kanal
 * operation parks only when it waits for a partner, and the tests that use this class do not
 * contend for channel locks at that moment, so a parked thread is a waiting operation and the check
 * involves no sleep and no guess.
 */
final class Spawned<T> {
  /** Generous bound for anything a test waits for; only a hang can reach it. */
  static final Duration PATIENCE = Duration.ofSeconds(20);

  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile boolean interruptedAtEnd;
  final Thread thread;

  private Spawned(Callable<T> body, boolean virtual) {
    Runnable task =
        () -> {
          try {
            T r = body.call();
            interruptedAtEnd = Thread.currentThread().isInterrupted();
            result.complete(r);
          } catch (Throwable e) {
            interruptedAtEnd = Thread.currentThread().isInterrupted();
            result.completeExceptionally(e);
          }
        };
    thread = virtual ? Thread.ofVirtual().unstarted(task) : Thread.ofPlatform().unstarted(task);
    thread.start();
  }

  /** Calls {@code body} on a new virtual thread. */
  static <T> Spawned<T> call(Callable<T> body) {
    return new Spawned<>(body, true);
  }

  /** Calls {@code body} on a new platform thread. */
  static <T> Spawned<T> callOnPlatform(Callable<T> body) {
    return new Spawned<>(body, false);
  }

  /** Runs {@code body} on a new virtual thread. */
  static Spawned<Void> run(Runnable body) {
    return call(
        () -> {
          body.run();
          return null;
        });
  }

  /** Waits until the operation is parked: it cannot proceed on its own. */
  Spawned<T> awaitBlocked() {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(1))
        .until(
            () -> {
              if (result.isDone()) {
                throw new AssertionError(
                    "expected the operation to block, but it ended: " + outcome());
              }
              Thread.State s = thread.getState();
              return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
            });
    return this;
  }

  /** True once the operation has ended, normally or not. */
  boolean isDone() {
    return result.isDone();
  }

  /** Waits for the operation to end and returns its result; fails if it threw. */
  T get() {
    try {
      return result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the operation threw " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the operation did not end within " + PATIENCE + ": " + thread);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the operation", e);
    }
  }

  /** Waits for the operation to end and returns what it threw; fails if it returned. */
  Throwable failure() {
    try {
      T r = result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected the operation to throw, but it returned " + r);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the operation did not end within " + PATIENCE + ": " + thread);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the operation", e);
    }
  }

  /** Whether the thread's interrupt status was set when the operation ended (after it ended). */
  boolean interruptedAtEnd() {
    get0();
    return interruptedAtEnd;
  }

  private void get0() {
    try {
      result.handle((r, e) -> null).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the operation did not end within " + PATIENCE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private String outcome() {
    return result.handle((r, e) -> e == null ? "returned " + r : "threw " + e).getNow("running");
  }
}

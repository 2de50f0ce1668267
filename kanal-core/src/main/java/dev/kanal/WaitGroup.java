package dev.kanal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of goroutines to finish.
 *
 * <pre>{@code
 * var wg = new WaitGroup();
 * for (int i = 1; i <= 3; i++) {
 *     wg.add(1);
 *     int id = i;
 *     go(() -> { try { travaille(id); } finally { wg.done(); } });
 * }
 * wg.await();
 * }</pre>
 *
 * <p>{@link #go(Runnable)} does the {@code add}/{@code done} pairing for you (Go 1.25's
 * {@code wg.Go}).
 *
 * <p>Implementation: a counter and a condition under one {@link ReentrantLock}; waiters park
 * on the condition (a virtual thread unmounts), and the {@code add} that brings the counter to
 * zero signals them all. A {@code done} happens-before the return of every {@code await} it
 * releases, through the lock. Guarded by {@code WaitGroupTest}.
 */
public final class WaitGroup {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition zero = lock.newCondition();
  private long counter;

  /**
   * Adds {@code delta}, which may be negative, to the counter.
   *
   * @throws IllegalStateException if the counter would become negative (Go panics)
   */
  public void add(int delta) {
    lock.lock();
    try {
      long next = counter + delta;
      if (next < 0) {
        throw new IllegalStateException(
            "negative WaitGroup counter: done() was called more often than add()");
      }
      counter = next;
      if (next == 0) {
        zero.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Decrements the counter by one. */
  public void done() {
    add(-1);
  }

  /** Adds one, runs {@code body} in a new goroutine, and calls {@link #done()} when it ends. */
  public Thread go(Runnable body) {
    java.util.Objects.requireNonNull(body, "body");
    add(1);
    try {
      // done() runs after an escaping exception was reported, so await() never returns first.
      return Go.go(body, this::done);
    } catch (RuntimeException | Error e) {
      done();
      throw e;
    }
  }

  /**
   * Blocks until the counter is zero: Go's {@code wg.Wait()}.
   *
   * @throws OperationInterruptedException if the thread is interrupted while waiting
   */
  public void await() {
    lock.lock();
    try {
      while (counter != 0) {
        zero.await();
      }
    } catch (InterruptedException e) {
      throw OperationInterruptedException.interrupted("WaitGroup.await");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until the counter is zero or {@code timeout} passes.
   *
   * @return true if the counter reached zero
   */
  public boolean await(Duration timeout) {
    long nanos = HChan.saturatedNanos(timeout);
    lock.lock();
    try {
      while (counter != 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = zero.awaitNanos(nanos);
      }
      return true;
    } catch (InterruptedException e) {
      throw OperationInterruptedException.interrupted("WaitGroup.await");
    } finally {
      lock.unlock();
    }
  }

  /** The counter now. */
  public long count() {
    lock.lock();
    try {
      return counter;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "WaitGroup[" + count() + "]";
  }
}

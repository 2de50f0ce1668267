package dev.kanal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A single event in the future: Go's {@code time.Timer}, with Go 1.23's guarantee that no stale
 * value is received after {@link #stop()} or {@link #reset} returns.
 *
 * <h2>Implementation</h2>
 *
 * <p>The channel has a one-slot buffer. Firing, stopping and resetting all run under the
 * timer's lock, and each arming gets a new {@code generation}: a firing whose generation is old
 * (it raced with a stop or reset) does nothing. Stop and reset also drain the slot, so a value
 * that fired but was not yet received is withdrawn, and {@code stop} reports the timer as
 * stopped: as far as any receiver can tell, it never fired. Firing uses a non-blocking send,
 * so the scheduler thread never waits. Guarded by {@code TimerTest}.
 */
public final class Timer {
  private final HChan<Instant> c = new HChan<>(1);
  private final Runnable func;
  /** Where {@link Time#afterFunc} was called, reported if {@code func} fails; or null. */
  private final StackWalker.StackFrame origin;
  private final ReentrantLock lock = new ReentrantLock();
  private ScheduledFuture<?> pending;
  private long generation;

  Timer(Duration d, Runnable func) {
    this.func = func;
    this.origin = func == null ? null : Go.originFor(func);
    lock.lock();
    try {
      arm(d);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The channel on which the time is delivered: Go's {@code timer.C}. A timer made by
   * {@link Time#afterFunc} never sends on it.
   */
  public ReceiveChannel<Instant> channel() {
    return c.receiveOnly();
  }

  /**
   * Prevents the timer from firing. After it returns, no value is received from
   * {@link #channel()} (until a {@link #reset}).
   *
   * @return true if this call stopped the timer; false if it had already been stopped, or had
   *     fired and its value was received (or its function started)
   */
  public boolean stop() {
    lock.lock();
    try {
      return disarm();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes the timer fire after {@code d}, as if new; a value from before is never received
   * afterwards.
   *
   * @return true if the timer had been active (not yet fired, or fired but not received)
   */
  public boolean reset(Duration d) {
    Objects.requireNonNull(d, "d"); // before anything changes: a refused reset leaves the timer be
    lock.lock();
    try {
      boolean wasActive = disarm();
      arm(d);
      return wasActive;
    } finally {
      lock.unlock();
    }
  }

  private boolean disarm() {
    generation++;
    boolean active = false;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
      active = true;
    }
    if (c.tryReceive().hasValue()) {
      active = true; // fired, never received: withdrawn
    }
    return active;
  }

  private void arm(Duration d) {
    long gen = ++generation;
    pending = Time.SCHEDULER.schedule(() -> fire(gen), HChan.saturatedNanos(d), TimeUnit.NANOSECONDS);
  }

  private void fire(long gen) {
    lock.lock();
    try {
      if (gen != generation) {
        return; // stopped or reset since this firing was scheduled
      }
      pending = null;
      if (func != null) {
        Go.go(func, null, origin);
      } else {
        c.trySend(Instant.now());
      }
    } finally {
      lock.unlock();
    }
  }
}

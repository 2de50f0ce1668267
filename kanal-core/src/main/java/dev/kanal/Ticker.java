package dev.kanal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ticks at intervals: Go's {@code time.Ticker}. A receiver that falls behind misses ticks
 * rather than receiving a backlog: the channel holds at most one tick, as Go's does.
 *
 * <p>Implementation: a one-shot task on the timer scheduler does a non-blocking send of the
 * time into a one-slot channel, so a full slot drops the tick, and schedules the next tick on
 * the grid {@code start + k * period}, skipping grid points it is late for. Stop and reset run under the
 * ticker's lock, bump a generation that stale ticks check, and drain the slot, so no tick from
 * before is received after they return (Go 1.23). Guarded by {@code TimerTest}.
 */
public final class Ticker {
  private final HChan<Instant> c = new HChan<>(1);
  private final ReentrantLock lock = new ReentrantLock();
  private ScheduledFuture<?> pending;
  private long generation;
  private long period;
  /** The {@link System#nanoTime()} of the next grid point. */
  private long next;

  Ticker(Duration d) {
    lock.lock();
    try {
      arm(d);
    } finally {
      lock.unlock();
    }
  }

  /** The channel on which the ticks are delivered: Go's {@code ticker.C}. */
  public ReceiveChannel<Instant> channel() {
    return c.receiveOnly();
  }

  /** Stops the ticks; no tick is received after this returns (until a {@link #reset}). */
  public void stop() {
    lock.lock();
    try {
      disarm();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the ticker and restarts it with period {@code d}; the next tick comes after {@code
   * d}.
   *
   * @throws IllegalArgumentException if {@code d} is not positive; the ticker then goes on as
   *     before, as Go's {@code Reset} panics before it changes anything
   */
  public void reset(Duration d) {
    checkPeriod(d);
    lock.lock();
    try {
      disarm();
      arm(d);
    } finally {
      lock.unlock();
    }
  }

  private void disarm() {
    generation++;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    c.tryReceive();
  }

  private static void checkPeriod(Duration d) {
    Objects.requireNonNull(d, "period");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("non-positive interval for a ticker: " + d);
    }
  }

  private void arm(Duration d) {
    checkPeriod(d);
    period = HChan.saturatedNanos(d);
    long gen = ++generation;
    next = System.nanoTime() + period;
    pending = Time.SCHEDULER.schedule(() -> tick(gen), period, TimeUnit.NANOSECONDS);
  }

  /**
   * One tick, then the next one scheduled on the ticker's grid ({@code start + k * period}).
   * A tick that comes late (a paused JVM, a busy scheduler) skips the grid points it missed, as
   * Go's runtime does, instead of firing them back to back the way a fixed-rate executor task
   * catches up.
   */
  private void tick(long gen) {
    lock.lock();
    try {
      if (gen != generation) {
        return; // stopped or reset since this tick was scheduled
      }
      c.trySend(Instant.now()); // a full slot means a slow receiver: drop the tick
      long now = System.nanoTime();
      next += period;
      if (next - now <= 0) {
        next += period * ((now - next) / period + 1);
      }
      pending = Time.SCHEDULER.schedule(() -> tick(gen), next - now, TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
  }
}

package dev.kanal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked goroutine's rendezvous point: Go's {@code g} with its {@code selectDone} flag.
 *
 * <h2>Protocol</h2>
 *
 * <p>A parker moves through {@code WAITING -> CLAIMED -> DONE} or {@code WAITING -> CANCELLED},
 * and never back. Exactly one party wins the CAS out of {@code WAITING}:
 *
 * <ul>
 *   <li>a <em>waker</em> (a sender, receiver or {@code close} holding the channel's lock) CASes
 *       {@code WAITING -> CLAIMED}, moves the value through the {@link Waiter}, then publishes
 *       with {@link #complete} ({@code fired}, then the volatile write of {@code DONE}, then
 *       {@code unpark});
 *   <li>the <em>owner</em> itself CASes {@code WAITING -> CANCELLED} when its time runs out or it
 *       is interrupted, and then unlinks its waiters.
 * </ul>
 *
 * <p>A select's waiters (one per case, on different channels) share one parker, so the CAS
 * also decides which case fires: the first waker wins, every later one fails its CAS and skips
 * the waiter, as Go's {@code dequeue} skips a sudog whose select is done.
 *
 * <p>Only the owner ever blocks, and only in {@link #await}. A waker never blocks between its
 * CAS and {@link #complete}, so an owner that lost the race to cancel waits only for a few
 * instructions. Everything the waker wrote before the volatile {@code DONE} is visible to the
 * owner after it reads {@code DONE}: that volatile pair is the channel's happens-before edge
 * for a blocked party (the channel lock is the edge for the others).
 */
class Parker {
  static final int WAITING = 0;
  static final int CLAIMED = 1;
  static final int DONE = 2;
  static final int CANCELLED = 3;

  /** What {@link #await} returns when it gave up and cancelled instead of being completed. */
  static final int TIMED_OUT = 4;
  static final int INTERRUPTED = 5;

  /**
   * Spins before parking, for platform threads only. A virtual thread must not spin: the party
   * it just woke was pushed onto this carrier's own run queue and cannot run until this thread
   * parks, so spinning only delays the very completion it waits for (measured: 10-20x slower
   * ping-pong with 256 spins; yielding instead measured no better than parking). A platform thread's partner runs on its own OS thread, and a
   * short spin saves a futex sleep when it answers quickly.
   */
  static final int PLATFORM_SPINS =
      Runtime.getRuntime().availableProcessors() > 1 ? Integer.getInteger("kanal.spins", 128) : 0;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Parker.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Thread thread;
  volatile int state;

  /** The waiter through which the waker completed this parker; written before {@code DONE}. */
  Waiter fired;

  Parker(Thread thread) {
    this.thread = thread;
  }

  /** A waker's claim; on success the caller must call {@link #complete} without blocking. */
  final boolean tryClaim() {
    return state == WAITING && STATE.compareAndSet(this, WAITING, CLAIMED);
  }

  /** Publishes the claimed outcome and wakes the owner. */
  final void complete(Waiter through) {
    fired = through;
    state = DONE;
    LockSupport.unpark(thread);
  }

  /** The owner's claim: true if it cancelled before any waker claimed it. */
  final boolean tryCancel() {
    return STATE.compareAndSet(this, WAITING, CANCELLED);
  }

  /**
   * Blocks the owner until a waker completes this parker, or until the deadline passes or the
   * thread is interrupted and the owner wins the cancel. The interrupt status is never cleared.
   *
   * @param timed whether {@code deadline} (a {@link System#nanoTime()} value) applies
   * @return {@link #DONE}, {@link #TIMED_OUT} or {@link #INTERRUPTED}
   */
  final int await(boolean timed, long deadline) {
    for (int i = thread.isVirtual() ? 0 : PLATFORM_SPINS; i > 0; i--) {
      if (state == DONE) {
        return DONE;
      }
      Thread.onSpinWait();
    }
    boolean givingUp = false;
    while (true) {
      int s = state;
      if (s == DONE) {
        return DONE;
      }
      if (s == CLAIMED || givingUp) {
        // A waker is between its CAS and complete(): a few instructions away.
        Thread.onSpinWait();
        continue;
      }
      if (thread.isInterrupted()) {
        if (tryCancel()) {
          return INTERRUPTED;
        }
        givingUp = true; // park would return at once while interrupted: spin out the handoff
        continue;
      }
      if (timed) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          if (tryCancel()) {
            return TIMED_OUT;
          }
          givingUp = true;
          continue;
        }
        LockSupport.parkNanos(this, remaining);
      } else {
        LockSupport.park(this);
      }
    }
  }
}

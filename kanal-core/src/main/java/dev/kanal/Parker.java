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
 *   <li>a <em>waker</em> (a sender, receiver or {@code close} holding the channel's lock, or a
 *       party that took the waiter out of an unbuffered channel's hand-off slot) CASes
 *       {@code WAITING -> CLAIMED}, moves the value through the {@link Waiter}, then publishes
 *       with {@link #complete} ({@code fired}, then a release store of {@code DONE}, then
 *       {@code unpark} if the owner has said it may park);
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
 * instructions. Everything the waker wrote before it stored {@code DONE} is visible to the
 * owner after it reads {@code DONE} (a release store read by a volatile load): that pair is the
 * channel's happens-before edge for a blocked party (the channel lock is the edge for the others).
 *
 * <p>The owner may spin before it parks. While it spins, {@code mayPark} is false and a waker
 * skips the {@code unpark}: an unpark costs an atomic on the owner's thread object (a cache
 * line from the other core) and leaves a permit that makes the owner's next park return at
 * once. The owner sets {@code mayPark} and then reads {@code state}; the waker CASes
 * {@code state} out of {@code WAITING} and then reads {@code mayPark}; all volatile. An owner
 * parks only on {@code WAITING} (on {@code CLAIMED} it spins for {@code DONE}), so if it parks,
 * its write of {@code mayPark} preceded the waker's CAS, and the waker sees it and unparks.
 * ({@code ParkerRaceTest} fails within seconds when the owner sets the flag after its read.)
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
   * Spins before a platform thread parks. A platform thread's partner runs on its own OS thread,
   * and a short spin saves a futex sleep when it answers quickly.
   *
   * <p>A virtual thread spins only on a channel ({@link #virtualSpinForDone}), and only while no
   * virtual thread is queued for a carrier. The party it just woke is pushed onto its own
   * carrier's run queue and cannot run there until it parks: spinning blindly delays the very
   * completion it waits for (measured in session 1: 10-20x slower ping-pong with 256 spins, and
   * 1.5-7x slower on shapes with more goroutines than carriers).
   */
  static final int PLATFORM_SPINS =
      Runtime.getRuntime().availableProcessors() > 1 ? Integer.getInteger("kanal.spins", 128) : 0;

  /**
   * How many times a virtual thread that found one thread queued looks again, eight spins
   * apart, before it parks.
   */
  static final int VIRTUAL_GRACE_CHECKS = 4;

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

  /**
   * Set by the owner once it stops spinning and may park; the waker unparks only then (the
   * protocol in the class comment), so an owner that saw {@code DONE} while spinning costs the
   * waker no unpark.
   */
  volatile boolean mayPark;

  /** The waiter through which the waker completed this parker; written before {@code DONE}. */
  Waiter fired;

  Parker(Thread thread) {
    this.thread = thread;
  }

  /** A waker's claim; on success the caller must call {@link #complete} without blocking. */
  final boolean tryClaim() {
    return state == WAITING && STATE.compareAndSet(this, WAITING, CLAIMED);
  }

  /**
   * Publishes the claimed outcome and wakes the owner. {@code DONE} needs no full fence: the
   * claim CAS, not this store, is the waker's half of the {@code mayPark} handshake (the class
   * comment), so a read of {@code mayPark} that passes this store is still after the CAS; a
   * volatile store here cost ChanSync about 10 % (docs/BENCHMARKS.md).
   */
  final void complete(Waiter through) {
    fired = through;
    STATE.setRelease(this, DONE);
    if (mayPark) {
      LockSupport.unpark(thread);
    }
  }

  /** The owner's claim: true if it cancelled before any waker claimed it. */
  final boolean tryCancel() {
    return STATE.compareAndSet(this, WAITING, CANCELLED);
  }

  /** Spins up to {@code spins} times; true as soon as a waker has completed this parker. */
  private boolean spinForDone(int spins) {
    for (; spins > 0; spins--) {
      if (state == DONE) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  /**
   * A virtual thread's spin: {@link SchedulerProbe#VIRTUAL_SPINS} times once no virtual thread
   * is queued for a carrier, none if some still is after a short grace. True if a waker
   * completed this parker meanwhile.
   *
   * <p>The grace matters on two carriers. Once one party has parked, the other finds it queued
   * (it just woke it) and would park too, and the pair would keep taking turns on one carrier
   * while the other stays idle. The idle carrier is signalled when the partner is queued and
   * steals it within a few hundred nanoseconds; waiting that long lets both run again.
   */
  private boolean virtualSpinForDone(HChan.Sync channel) {
    if (SchedulerProbe.VIRTUAL_SPINS <= 0 || channel == null) {
      return false;
    }
    for (int check = 0; ; check++) {
      long queued = channel.queuedThreads();
      if (queued == 0) {
        return spinForDone(SchedulerProbe.VIRTUAL_SPINS);
      }
      if (queued != 1 || check == VIRTUAL_GRACE_CHECKS) {
        return false;
      }
      if (spinForDone(8)) {
        return true;
      }
    }
  }

  /**
   * Blocks the owner until a waker completes this parker, or until the deadline passes or the
   * thread is interrupted and the owner wins the cancel. The interrupt status is never cleared.
   *
   * @param timed whether {@code deadline} (a {@link System#nanoTime()} value) applies
   * @return {@link #DONE}, {@link #TIMED_OUT} or {@link #INTERRUPTED}
   */
  final int await(boolean timed, long deadline, HChan.Sync channel) {
    if (thread.isVirtual() ? virtualSpinForDone(channel) : spinForDone(PLATFORM_SPINS)) {
      return DONE;
    }
    mayPark = true;
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

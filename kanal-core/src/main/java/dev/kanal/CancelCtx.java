package dev.kanal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A context that can be cancelled, with an optional deadline: Go's {@code cancelCtx} and
 * {@code timerCtx} ({@code context.go}) in one class.
 *
 * <h2>State and protocol</h2>
 *
 * <p>{@code err} goes from null to its final value exactly once, under this context's monitor;
 * {@code done} (made lazily, since most contexts are never waited on), {@code children} and
 * {@code timer} are guarded by the same monitor. The monitor is held only for field updates,
 * never while blocking or calling out, so it cannot pin a virtual thread for long.
 *
 * <p>Cancel sets {@code err}, then, outside the monitor, closes {@code done}, stops the timer,
 * cancels the children it took out of the set, and unlinks itself from its nearest cancellable
 * ancestor. Because {@code err} is set before {@code done} is closed, anyone who sees
 * {@code done} closed sees {@code err} (close happens-before the receive that sees it).
 *
 * <p>A child registers with its nearest cancellable ancestor (skipping value contexts) under
 * the ancestor's monitor; if the ancestor has already ended, the child ends at once with the
 * same error. Cancel walks the subtree with a work list, not by recursion, so a chain of any
 * depth ends without overflowing the stack. Locks are never nested: end holds only its own
 * monitor, then {@code forget} only the ancestor's, so there is no lock-order deadlock.
 *
 * <p>Background has no state, so a child of background registers nowhere, and a released
 * context leaves nothing behind: no timer in the scheduler queue (removed on cancel), no entry
 * in a parent's set. Guarded by {@code ContextTest}, {@code ContextStressTest} (racing cancels,
 * a million short-lived children) and {@code ContextOperationsTest}.
 */
final class CancelCtx implements CancellableContext {
  private static final HChan<Void> CLOSED = closedChannel();
  /** What {@link #endThis} returns when the context had already ended; never a real set. */
  private static final Set<CancelCtx> ALREADY_ENDED = Collections.unmodifiableSet(new HashSet<>());

  private final Context parent;
  private final CancelCtx ancestor;
  /** This context's own deadline, or null. */
  private final Instant deadline;
  /** The deadline it reports: its own, else the nearest ancestor's (immutable, so cached). */
  private final Instant effectiveDeadline;

  private volatile ContextException err;
  private volatile HChan<Void> done;
  private Set<CancelCtx> children;
  private ScheduledFuture<?> timer;

  CancelCtx(Context parent, Instant deadline) {
    this.parent = parent;
    this.deadline = deadline;
    this.effectiveDeadline = deadline != null ? deadline : parent.deadline().orElse(null);
    this.ancestor = nearestCancellable(parent);
    if (ancestor != null) {
      ContextException ended = ancestor.adopt(this);
      if (ended != null) {
        end(ended, false);
        return;
      }
    }
    if (deadline != null) {
      long delay = saturatedNanosUntil(deadline);
      if (delay <= 0) {
        end(new DeadlineExceededException(null), true);
        return;
      }
      synchronized (this) {
        if (err == null) {
          timer =
              Time.SCHEDULER.schedule(
                  () -> end(new DeadlineExceededException(null), true),
                  delay,
                  TimeUnit.NANOSECONDS);
        }
      }
    }
  }

  private static HChan<Void> closedChannel() {
    HChan<Void> c = new HChan<>(0);
    c.close();
    return c;
  }

  private static long saturatedNanosUntil(Instant deadline) {
    Instant now = Instant.now();
    try {
      return Duration.between(now, deadline).toNanos();
    } catch (ArithmeticException overflow) {
      // More than 292 years away, one way or the other: a deadline that far in the past has
      // passed (Instant.MIN, withTimeout of a hugely negative duration), as Go ends it at once.
      return deadline.isBefore(now) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  static CancelCtx nearestCancellable(Context c) {
    while (true) {
      if (c instanceof CancelCtx cc) {
        return cc;
      }
      if (c instanceof ValueCtx v) {
        c = v.parent;
      } else {
        return null; // background
      }
    }
  }

  /** Registers a child; returns this context's error instead if it has already ended. */
  private synchronized ContextException adopt(CancelCtx child) {
    if (err != null) {
      return err;
    }
    if (children == null) {
      children = new HashSet<>();
    }
    children.add(child);
    return null;
  }

  private synchronized void forget(CancelCtx child) {
    if (children != null) {
      children.remove(child);
    }
  }

  /**
   * Ends this context and its subtree with {@code e}; only the first call has any effect. The
   * subtree is walked breadth-first with a work list, not by recursion, so a chain of any depth
   * ends without overflowing the stack.
   */
  private void end(ContextException e, boolean unlinkFromAncestor) {
    Set<CancelCtx> kids = endThis(e);
    if (kids == ALREADY_ENDED) {
      return;
    }
    if (unlinkFromAncestor && ancestor != null) {
      ancestor.forget(this);
    }
    if (kids == null) {
      return;
    }
    ArrayDeque<Set<CancelCtx>> pending = new ArrayDeque<>();
    pending.add(kids);
    Set<CancelCtx> level;
    while ((level = pending.poll()) != null) {
      for (CancelCtx kid : level) {
        Set<CancelCtx> grandchildren = kid.endThis(e);
        if (grandchildren != null && grandchildren != ALREADY_ENDED) {
          pending.add(grandchildren);
        }
      }
    }
  }

  /**
   * Ends this context alone: sets {@code err}, closes {@code done}, stops the timer. Returns the
   * children it detached (to be ended by the caller), null if there were none, or
   * {@link #ALREADY_ENDED}. The children are taken out under the monitor, so a child's own
   * {@link #forget} never mutates the set being walked.
   */
  private Set<CancelCtx> endThis(ContextException e) {
    HChan<Void> d;
    Set<CancelCtx> kids;
    ScheduledFuture<?> t;
    synchronized (this) {
      if (err != null) {
        return ALREADY_ENDED;
      }
      err = e;
      d = done;
      if (d == null) {
        done = CLOSED;
      }
      kids = children;
      children = null;
      t = timer;
      timer = null;
    }
    if (d != null) {
      d.close();
    }
    if (t != null) {
      t.cancel(false);
    }
    return kids;
  }

  @Override
  public void cancel() {
    end(new ContextCancelledException(null), true);
  }

  @Override
  public void cancel(Throwable cause) {
    end(new ContextCancelledException(cause), true);
  }

  @Override
  public void close() {
    cancel();
  }

  @Override
  public ReceiveChannel<Void> done() {
    HChan<Void> d = done;
    if (d == null) {
      synchronized (this) {
        d = done;
        if (d == null) {
          done = d = new HChan<>(0);
        }
      }
    }
    return d.receiveOnly();
  }

  @Override
  public ContextException err() {
    return err;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.ofNullable(effectiveDeadline);
  }

  @Override
  public <T> T value(Key<T> key) {
    return ValueCtx.lookup(parent, key);
  }

  Context parent() {
    return parent;
  }

  /** How many children are registered now; for leak tests. */
  synchronized int childCount() {
    return children == null ? 0 : children.size();
  }

  @Override
  public String toString() {
    return parent + (deadline == null ? ".WithCancel" : ".WithDeadline(" + deadline + ")")
        + (err == null ? "" : "[" + err.getMessage() + "]");
  }
}

package dev.kanal;

import java.time.Duration;
import java.time.Instant;
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
 * same error. Background has no state, so a child of background registers nowhere and a
 * released context leaves nothing behind: no timer in the scheduler queue (it is removed on
 * cancel), no entry in a parent's set. Guarded by {@code ContextTest}.
 */
final class CancelCtx implements CancellableContext {
  private static final HChan<Void> CLOSED = closedChannel();

  private final Context parent;
  private final CancelCtx ancestor;
  private final Instant deadline;

  private volatile ContextException err;
  private volatile HChan<Void> done;
  private Set<CancelCtx> children;
  private ScheduledFuture<?> timer;

  CancelCtx(Context parent, Instant deadline) {
    this.parent = parent;
    this.deadline = deadline;
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
    try {
      return Duration.between(Instant.now(), deadline).toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  private static CancelCtx nearestCancellable(Context c) {
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

  /** Ends this context and its subtree with {@code e}; only the first call has any effect. */
  private void end(ContextException e, boolean unlinkFromAncestor) {
    HChan<Void> d;
    Set<CancelCtx> kids;
    ScheduledFuture<?> t;
    synchronized (this) {
      if (err != null) {
        return;
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
    if (kids != null) {
      for (CancelCtx kid : kids) {
        kid.end(e, false);
      }
    }
    if (unlinkFromAncestor && ancestor != null) {
      ancestor.forget(this);
    }
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
    return deadline != null ? Optional.of(deadline) : parent.deadline();
  }

  @Override
  public <T> T value(Key<T> key) {
    return parent.value(key);
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

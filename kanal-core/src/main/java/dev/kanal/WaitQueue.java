package dev.kanal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A FIFO of {@link Waiter}s: Go's {@code waitq}. Doubly linked so that a waiter that gives up
 * (timeout, interrupt, or a select whose other case fired) unlinks itself in O(1).
 *
 * <p>Every method but {@link #isEmptyAcquire()} is called with the owning channel's lock held.
 * {@code head} is written with release stores so that the lock-free fast paths of
 * {@code trySend} / {@code tryReceive} can ask "is anybody waiting?" with an acquire load,
 * without the lock and without a full fence on every enqueue and dequeue.
 */
final class WaitQueue {
  private static final VarHandle HEAD;

  static {
    try {
      HEAD = MethodHandles.lookup().findVarHandle(WaitQueue.class, "head", Waiter.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Waiter head;
  private Waiter tail;

  boolean isEmpty() {
    return head == null;
  }

  /** "Is anybody waiting?" without the lock: the lock-free fast paths' question. */
  boolean isEmptyAcquire() {
    return HEAD.getAcquire(this) == null;
  }

  void enqueue(Waiter w) {
    w.linked = true;
    w.next = null;
    Waiter t = tail;
    w.prev = t;
    if (t == null) {
      HEAD.setRelease(this, w);
    } else {
      t.next = w;
    }
    tail = w;
  }

  /**
   * Empties the queue in O(1) and returns its first waiter, the rest following through {@code
   * next}: {@code close}'s way of taking every waiter at once, so that it walks them once,
   * after unlocking, instead of once to unlink under the lock and once more to wake. The
   * detached waiters keep their links and {@code linked} flags. Nothing writes those links again:
   * the caller has marked the channel closed, a closed channel enqueues nobody, and {@code
   * HChan.dequeue} leaves a closed channel's queues alone.
   */
  Waiter detachAll() {
    Waiter h = head;
    HEAD.setRelease(this, null);
    tail = null;
    return h;
  }

  /** Removes and returns the first waiter, or null. */
  Waiter poll() {
    Waiter w = head;
    if (w != null) {
      unlink(w);
    }
    return w;
  }

  /** Unlinks {@code w} if it is still queued. */
  void remove(Waiter w) {
    if (w.linked) {
      unlink(w);
    }
  }

  private void unlink(Waiter w) {
    Waiter p = w.prev;
    Waiter n = w.next;
    if (p == null) {
      HEAD.setRelease(this, n);
    } else {
      p.next = n;
    }
    if (n == null) {
      tail = p;
    } else {
      n.prev = p;
    }
    w.prev = null;
    w.next = null;
    w.linked = false;
  }
}

package dev.kanal.pool;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An unbounded many-producer, one-consumer mailbox: a lock-free queue plus a one-slot Kanal channel
 * that wakes the consumer. Producers never block, which is the point: workers hand outcomes and
 * events to a goroutine through it, so a slow reader or listener can never slow a worker down.
 *
 * <h2>Protocol</h2>
 *
 * <p>A busy consumer costs producers nothing beyond the enqueue: they signal only when the consumer
 * has said it is about to sleep. The consumer calls {@link #prepareToWait()}, which sets {@code
 * sleepy} and then looks at the queue (and the closed flag) once more; a producer enqueues and then
 * reads {@code sleepy}, and the one that turns it from true to false (CAS) puts a token in the
 * one-slot {@link #signal()} channel with a non-blocking send. Both sides write their variable
 * before they read the other's (all volatile), so at least one of them sees the other: either the
 * consumer finds the item and does not sleep, or a producer wakes it. A stale token only causes one
 * extra look at an empty queue. {@link #close()} and {@link #wake()} always signal. The consumer
 * reads {@link #isClosed()} <em>before</em> its last poll, so it never stops with an item left
 * behind. Guarded by {@code WorkerPoolStressTest} and {@code WorkerPoolEventsTest} through the
 * pools that use it.
 */
final class Mailbox<E> {
  private static final VarHandle SLEEPY;

  static {
    try {
      SLEEPY = MethodHandles.lookup().findVarHandle(Mailbox.class, "sleepy", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConcurrentLinkedQueue<E> queue = new ConcurrentLinkedQueue<>();
  private final Channel<Boolean> signal = Channel.buffered(1);
  private volatile boolean closed;
  private volatile boolean sleepy;

  /** Adds {@code e}; never blocks. Must not be called after {@link #close()}. */
  void offer(E e) {
    queue.offer(e);
    if (sleepy && SLEEPY.compareAndSet(this, true, false)) {
      signal.trySend(Boolean.TRUE);
    }
  }

  /** The next item, or null. Consumer only. */
  E poll() {
    return queue.poll();
  }

  /**
   * Consumer only: announces that it will wait on {@link #signal()}. Returns false, and the
   * consumer must not wait, if an item or the close came meanwhile.
   */
  boolean prepareToWait() {
    sleepy = true;
    if (!queue.isEmpty() || closed) {
      sleepy = false;
      return false;
    }
    return true;
  }

  /** Consumer only: it is awake again; producers need not signal. */
  void awake() {
    sleepy = false;
  }

  /** Wakes the consumer without adding anything (it has something else to look at). */
  void wake() {
    signal.trySend(Boolean.TRUE);
  }

  /** No more items will come. */
  void close() {
    closed = true;
    signal.trySend(Boolean.TRUE);
  }

  /** True once {@link #close()} was called; read it before the last {@link #poll()}. */
  boolean isClosed() {
    return closed;
  }

  /** The wake-up channel: receive from it (or select on it) after {@link #prepareToWait()}. */
  ReceiveChannel<Boolean> signal() {
    return signal;
  }
}

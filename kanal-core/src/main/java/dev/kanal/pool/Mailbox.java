package dev.kanal.pool;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An unbounded many-producer, one-consumer mailbox: a lock-free queue plus a one-slot Kanal
 * channel that wakes the consumer. Producers never block, which is the point: workers hand
 * outcomes and events to a goroutine through it, so a slow reader or listener can never slow a
 * worker down.
 *
 * <h2>Protocol</h2>
 *
 * <p>{@link #offer} enqueues, then puts a token in the one-slot {@link #signal()} channel with
 * a non-blocking send (a token already there means the consumer will look again anyway; that
 * check is lock-free). The consumer polls until the queue is empty and then receives a token
 * (in a select, if it also waits for something else). No wake-up is lost: an item enqueued after
 * the consumer's last poll is followed by a send that finds the slot empty (the consumer took
 * the token before polling) or full (a token it has yet to take), and either way the consumer
 * polls again. {@link #close()} sets a flag and signals; the consumer reads the flag
 * <em>before</em> its last poll, so it never stops with an item left behind. Guarded by
 * {@code WorkerPoolStressTest} through the pools that use it.
 */
final class Mailbox<E> {
  private final ConcurrentLinkedQueue<E> queue = new ConcurrentLinkedQueue<>();
  private final Channel<Boolean> signal = Channel.buffered(1);
  private volatile boolean closed;

  /** Adds {@code e}; never blocks. Must not be called after {@link #close()}. */
  void offer(E e) {
    queue.offer(e);
    signal.trySend(Boolean.TRUE);
  }

  /** The next item, or null. Consumer only. */
  E poll() {
    return queue.poll();
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

  /** The wake-up channel: receive from it (or select on it) when {@link #poll()} is empty. */
  ReceiveChannel<Boolean> signal() {
    return signal;
  }
}

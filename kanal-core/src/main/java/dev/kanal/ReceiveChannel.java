package dev.kanal;

import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The receiving side of a channel: Go's {@code <-chan E}. A method that takes a
 * {@code ReceiveChannel} can receive and range, and cannot send or close.
 *
 * <p>Iterating is Go's {@code for v := range ch}: the loop takes values as they come and ends
 * after the last value of a closed channel.
 *
 * <pre>{@code
 * for (int j : jobs) {
 *     results.send(j * 2);
 * }
 * }</pre>
 *
 * @param <E> the element type
 */
public sealed interface ReceiveChannel<E> extends Iterable<E> permits Channel, ReceiveOnlyView {

  /**
   * Receives a value, blocking until one is available: Go's {@code v := <-ch}.
   *
   * @throws ChannelClosedException if the channel is closed and drained (use
   *     {@link #receiveOrNull()} to get {@code null} instead)
   * @throws OperationInterruptedException if the thread is interrupted while blocked
   */
  E receive();

  /**
   * Receives a value, blocking until one is available, or returns {@code null} once the channel
   * is closed and drained: Go's {@code v, ok := <-ch}, where {@code null} is {@code !ok}. Null
   * is never a value on a channel, so the two cannot be confused.
   *
   * @throws OperationInterruptedException if the thread is interrupted while blocked
   */
  E receiveOrNull();

  /**
   * Receives like {@link #receive()}, but gives up when {@code ctx} ends first.
   *
   * @throws ContextException ({@link Context#err()}) if the context ends before a value comes
   * @throws ChannelClosedException if the channel is closed and drained
   * @throws OperationInterruptedException if the thread is interrupted while blocked
   */
  @SuppressWarnings("unchecked")
  default E receive(Context ctx) {
    Object r = Select.receive(this, ctx);
    if (r == HChan.CLOSED) {
      throw new ChannelClosedException("receive from closed channel");
    }
    return (E) r;
  }

  /**
   * Receives like {@link #receiveOrNull()} ({@code null} once the channel is closed and
   * drained), but gives up when {@code ctx} ends first: the worker loop of the seeds,
   * {@code while ((p = jobs.receiveOrNull(ctx)) != null)}.
   *
   * @throws ContextException ({@link Context#err()}) if the context ends before a value comes
   * @throws OperationInterruptedException if the thread is interrupted while blocked
   */
  @SuppressWarnings("unchecked")
  default E receiveOrNull(Context ctx) {
    Object r = Select.receive(this, ctx);
    return r == HChan.CLOSED ? null : (E) r;
  }

  /** Receives a value only if that can be done without blocking. */
  ReceiveResult<E> tryReceive();

  /**
   * Receives a value, blocking at most {@code timeout}.
   *
   * @return the value, {@link ReceiveResult.WouldBlock} if the time ran out, or
   *     {@link ReceiveResult.Closed}
   * @throws OperationInterruptedException if the thread is interrupted while blocked
   */
  ReceiveResult<E> tryReceive(Duration timeout);

  /** True once the channel has been closed (values may still wait in its buffer). */
  boolean isClosed();

  /** How many values wait in the buffer now: Go's {@code len(ch)}. */
  int len();

  /** The buffer's capacity: Go's {@code cap(ch)}; 0 for an unbuffered channel. */
  int capacity();

  /**
   * Go's {@code for v := range ch}: each value in turn, ending after the last value of a closed
   * channel. {@code hasNext()} blocks until a value arrives or the channel is closed.
   */
  @Override
  Iterator<E> iterator();

  /**
   * A {@link Select} case that receives a value and returns what {@code handler} makes of it
   * (the select's result). Named apart from {@link #onReceive(Consumer)}, as
   * {@code CompletableFuture}'s {@code thenApply} is from {@code thenAccept}, because Java
   * cannot tell a one-argument statement lambda from an expression lambda.
   * The handler gets {@code null} when the channel is closed and drained (Go's {@code ok ==
   * false}): a receive case on a closed channel is always ready.
   */
  default <R> SelectCase<R> onReceiveApply(Function<? super E, ? extends R> handler) {
    return Select.onReceiveApply(this, handler);
  }

  /**
   * A {@link Select} case that receives a value and passes it to {@code handler}: {@code null}
   * when the channel is closed and drained.
   */
  default SelectCase<Void> onReceive(Consumer<? super E> handler) {
    return Select.onReceive(this, handler);
  }

  /**
   * A {@link Select} case that receives a value; the select returns it ({@code null} when the
   * channel is closed and drained).
   */
  default SelectCase<E> onReceive() {
    return Select.onReceiveApply(this, Function.identity());
  }
}

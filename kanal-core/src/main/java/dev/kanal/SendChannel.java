package dev.kanal;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The sending side of a channel: Go's {@code chan<- E}. A method that takes a
 * {@code SendChannel} can send and close, and cannot receive: the type system enforces the
 * direction, as Go's does. Get one from {@link Channel#sendOnly()} or simply pass a
 * {@link Channel}.
 *
 * <p>Null is never a value on a channel: every send rejects it with a
 * {@link NullPointerException}, so a {@code null} from a receive can only mean "closed".
 *
 * @param <E> the element type
 */
public sealed interface SendChannel<E> permits Channel, SendOnlyView {

  /**
   * Sends {@code value}, blocking while the channel cannot take it: on an unbuffered channel
   * until a receiver takes it, on a buffered one while the buffer is full. Go's {@code ch <- v}.
   *
   * @throws ChannelClosedException if the channel is closed, or is closed while this waits
   * @throws OperationInterruptedException if the thread is interrupted while blocked; the value
   *     was not sent and the interrupt status stays set
   */
  void send(E value);

  /**
   * Sends {@code value} like {@link #send(Object)}, but gives up when {@code ctx} ends first:
   * Go's {@code select { case ch <- v: case <-ctx.Done(): return ctx.Err() }}.
   *
   * @throws ContextException ({@link Context#err()}) if the context ends before the send
   * @throws ChannelClosedException if the channel is or becomes closed
   * @throws OperationInterruptedException if the thread is interrupted while blocked
   */
  default void send(E value, Context ctx) {
    Select.send(this, value, ctx);
  }

  /**
   * Sends {@code value} only if that can be done without blocking: Go's {@code select} with a
   * send case and a {@code default}.
   *
   * @return {@link SendResult#SENT}, {@link SendResult#WOULD_BLOCK} or {@link SendResult#CLOSED}
   */
  SendResult trySend(E value);

  /**
   * Sends {@code value}, blocking at most {@code timeout}.
   *
   * @return {@link SendResult#SENT}; {@link SendResult#WOULD_BLOCK} if the time ran out first;
   *     {@link SendResult#CLOSED} if the channel is or becomes closed
   * @throws OperationInterruptedException if the thread is interrupted while blocked
   */
  SendResult trySend(E value, Duration timeout);

  /**
   * Closes the channel: Go's {@code close(ch)}. Later sends fail; receivers first drain what is
   * buffered, then learn that the channel is closed; blocked senders fail with
   * {@link ChannelClosedException}; blocked receivers wake up.
   *
   * @throws ChannelClosedException if the channel is already closed
   */
  void close();

  /** True once {@link #close()} has been called. */
  boolean isClosed();

  /** How many values wait in the buffer now: Go's {@code len(ch)}; always 0 when unbuffered. */
  int len();

  /** The buffer's capacity: Go's {@code cap(ch)}; 0 for an unbuffered channel. */
  int capacity();

  /**
   * A {@link Select} case that sends {@code value} and then returns what {@code then} supplies.
   */
  default <R> SelectCase<R> onSend(E value, Supplier<? extends R> then) {
    return Select.onSend(this, value, then);
  }

  /** A {@link Select} case that sends {@code value} and then runs {@code then}. */
  default SelectCase<Void> onSend(E value, Runnable then) {
    return Select.onSend(this, value, then);
  }

  /** A {@link Select} case that sends {@code value}; the select returns {@code null}. */
  default SelectCase<Void> onSend(E value) {
    return Select.onSend(this, value, (Runnable) null);
  }
}

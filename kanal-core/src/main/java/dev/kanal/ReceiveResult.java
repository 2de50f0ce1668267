package dev.kanal;

import java.util.NoSuchElementException;

/**
 * What a non-blocking or timed receive got: a {@link Value}, {@link WouldBlock nothing yet}, or
 * the news that the channel is {@link Closed} and drained. Sealed, so a {@code switch} covers
 * every case:
 *
 * <pre>{@code
 * switch (ch.tryReceive()) {
 *   case ReceiveResult.Value<String>(var msg) -> System.out.println("received " + msg);
 *   case ReceiveResult.WouldBlock<String> w -> System.out.println("no message received");
 *   case ReceiveResult.Closed<String> c -> System.out.println("closed");
 * }
 * }</pre>
 *
 * @param <E> the channel's element type
 */
public sealed interface ReceiveResult<E> {

  /** A value was received. */
  record Value<E>(E value) implements ReceiveResult<E> {}

  /** Nothing could be received without blocking (or before the timeout). */
  record WouldBlock<E>() implements ReceiveResult<E> {
    static final WouldBlock<?> INSTANCE = new WouldBlock<>();
  }

  /** The channel is closed and every buffered value has been received. */
  record Closed<E>() implements ReceiveResult<E> {
    static final Closed<?> INSTANCE = new Closed<>();
  }

  /** True when a value was received. */
  default boolean hasValue() {
    return this instanceof Value;
  }

  /** True when the channel is closed and drained. */
  default boolean isClosed() {
    return this instanceof Closed;
  }

  /** The value received, or {@code null} for {@link WouldBlock} and {@link Closed}. */
  default E valueOrNull() {
    return this instanceof Value<E> v ? v.value() : null;
  }

  /**
   * The value received.
   *
   * @throws NoSuchElementException when nothing was received; check {@link #hasValue()} first
   */
  default E value() {
    if (this instanceof Value<E> v) {
      return v.value();
    }
    throw new NoSuchElementException("no value: the receive result is " + this);
  }

  /** The shared {@link WouldBlock} result. */
  @SuppressWarnings("unchecked")
  static <E> ReceiveResult<E> wouldBlock() {
    return (ReceiveResult<E>) WouldBlock.INSTANCE;
  }

  /** The shared {@link Closed} result. */
  @SuppressWarnings("unchecked")
  static <E> ReceiveResult<E> closed() {
    return (ReceiveResult<E>) Closed.INSTANCE;
  }
}

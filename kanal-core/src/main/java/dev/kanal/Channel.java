package dev.kanal;

/**
 * A Go channel: a typed conduit that goroutines send values into and receive values from,
 * unbuffered (a send waits for a receiver) or buffered (a send waits only while the buffer is
 * full). It is both a {@link SendChannel} and a {@link ReceiveChannel}; pass the narrower view
 * to code that should only send or only receive.
 *
 * <pre>{@code
 * Channel<Integer> jobs = Channel.buffered(5);     // make(chan int, 5)
 * Channel<String> done = Channel.unbuffered();     // make(chan string)
 * }</pre>
 *
 * <p>The exact semantics, clause by clause against the Go specification and memory model, are
 * in {@code docs/SEMANTICS.md}.
 *
 * @param <E> the element type
 */
public sealed interface Channel<E> extends SendChannel<E>, ReceiveChannel<E> permits HChan {

  /** An unbuffered channel: {@code make(chan E)}. A send completes only when a receiver takes it. */
  static <E> Channel<E> unbuffered() {
    return new HChan<>(0);
  }

  /**
   * A buffered channel: {@code make(chan E, capacity)}. Sends block only while {@code capacity}
   * values wait; values come out in the order they went in. A capacity of 0 gives an unbuffered
   * channel, as in Go.
   *
   * @throws IllegalArgumentException if {@code capacity} is negative or above 2^30
   */
  static <E> Channel<E> buffered(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "channel capacity must be 0 (unbuffered) or more, got " + capacity);
    }
    if (capacity > HChan.MAX_CAPACITY) {
      throw new IllegalArgumentException( // Go: "makechan: size out of range"
          "channel capacity must be at most " + HChan.MAX_CAPACITY + " (2^30), got " + capacity);
    }
    return new HChan<>(capacity);
  }

  /** This channel as send-only ({@code chan<- E}); the view cannot be cast back. */
  SendChannel<E> sendOnly();

  /** This channel as receive-only ({@code <-chan E}); the view cannot be cast back. */
  ReceiveChannel<E> receiveOnly();
}

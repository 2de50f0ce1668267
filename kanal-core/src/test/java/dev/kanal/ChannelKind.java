package dev.kanal;

import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A kind of channel that the contract runs against: a capacity, and whether the test talks to it
 * through the directional views ({@link Channel#sendOnly()}, {@link Channel#receiveOnly()}) or the
 * channel itself.
 */
record ChannelKind(String name, int capacity, boolean throughViews) {

  /**
   * Every kind: unbuffered, buffered 1, buffered N, and the views of an unbuffered and a buffered
   * N.
   */
  static Stream<ChannelKind> all() {
    return Stream.of(
        new ChannelKind("unbuffered", 0, false),
        new ChannelKind("buffered(1)", 1, false),
        new ChannelKind("buffered(4)", 4, false),
        new ChannelKind("unbuffered via sendOnly/receiveOnly", 0, true),
        new ChannelKind("buffered(4) via sendOnly/receiveOnly", 4, true));
  }

  /** A fresh channel of this kind, with the ends a test sends and receives through. */
  Ends<Integer> make() {
    return make(capacity == 0 ? c -> Channel.unbuffered() : Channel::buffered);
  }

  private <E> Ends<E> make(IntFunction<Channel<E>> factory) {
    Channel<E> ch = factory.apply(capacity);
    return throughViews ? new Ends<>(ch, ch.sendOnly(), ch.receiveOnly()) : new Ends<>(ch, ch, ch);
  }

  @Override
  public String toString() {
    return name;
  }

  /** The channel, and the two ends a test uses. */
  record Ends<E>(Channel<E> channel, SendChannel<E> tx, ReceiveChannel<E> rx) {}
}

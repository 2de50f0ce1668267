package dev.kanal.examples.seed004;

import dev.kanal.Channel;

/**
 * Seed 004, channel buffering. With a buffer, a send completes as soon as the value is in the
 * buffer, like an asynchronous queue, and a later receive takes it from there. An unbuffered
 * channel lets a send proceed only when a receiver is ready; a buffered one holds up to its
 * capacity of values without a receiver.
 *
 * <p>Prints "ping", "buffered", "channel".
 */
public final class BufferedChannels {
  private BufferedChannels() {}

  // The send-deadlock program fixed with a buffer of 1: the send no longer waits for a receiver.
  static void pingThroughBuffer() {
    Channel<String> message = Channel.buffered(1);
    message.send("ping");
    String msg = message.receive();
    System.out.println(msg); // the seed's fmt.Print, with a newline so the next line stands apart
  }

  public static void main(String[] args) {
    pingThroughBuffer();

    Channel<String> messages = Channel.buffered(2);
    messages.send("buffered");
    messages.send("channel");
    // One more send here would block forever (Go: "fatal error: all goroutines are asleep -
    // deadlock!"); so would a third receive after the two below.
    System.out.println(messages.receive());
    System.out.println(messages.receive());
  }
}

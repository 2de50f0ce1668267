package dev.kanal.examples.seed004;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import dev.kanal.SendChannel;

/**
 * Seed 004, channel directions: a parameter can say that a channel is only for sending or only
 * for receiving, and the compiler holds the function to it. {@code pong} receives on {@code
 * pings} and sends on {@code pongs}. Prints "passed message".
 */
public final class ChannelDirections {
  private ChannelDirections() {}

  static void ping(SendChannel<String> pings, String msg) {
    pings.send(msg);
  }

  static void pong(ReceiveChannel<String> pings, SendChannel<String> pongs) {
    String msg = pings.receive();
    pongs.send(msg);
  }

  public static void main(String[] args) {
    Channel<String> pings = Channel.buffered(1);
    Channel<String> pongs = Channel.buffered(1);
    ping(pings, "passed message");
    pong(pings, pongs);
    System.out.println(pongs.receive());
  }
}

package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;

import dev.kanal.Channel;

/**
 * Seed 004, channels: by default a send and a receive each block until the other side is ready,
 * which is how the two ends synchronise. Prints "ping".
 *
 * <p>{@code ch.send(v)} is Go's {@code channel <- v}; {@code ch.receive()} is {@code <-channel},
 * which both returns a value and waits for one: {@code println(ch.receive())} blocks until
 * something is sent.
 */
public final class Channels {
  private Channels() {}

  public static void main(String[] args) {
    Channel<String> messages = Channel.unbuffered();
    go(() -> messages.send("ping"));
    String msg = messages.receive();
    System.out.println(msg);
  }
}

package dev.kanal.examples.seed002;

import static dev.kanal.Go.go;

import dev.kanal.Channel;
import dev.kanal.SendChannel;

/**
 * Seed 002, two goroutines talking through a channel. The receive {@code <-ch} waits until
 * someone sends: the channel both carries the message and synchronises the goroutines.
 */
public final class ChannelHello {
  private ChannelHello() {}

  static void direBonjour(SendChannel<String> ch) {
    ch.send("Bonjour depuis la goroutine !"); // envoie un message dans le channel
  }

  public static void main(String[] args) {
    Channel<String> ch = Channel.unbuffered(); // création d'un channel de type string

    go(() -> direBonjour(ch)); // lance la goroutine

    String msg = ch.receive(); // lit (bloquant) un message depuis le channel
    System.out.println(msg);
  }
}

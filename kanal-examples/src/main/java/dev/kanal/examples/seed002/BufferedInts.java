package dev.kanal.examples.seed002;

import dev.kanal.Channel;

/**
 * Seed 002, a buffered channel: up to its capacity, values can be sent without anyone reading
 * them yet. Prints 1 then 2.
 */
public final class BufferedInts {
  private BufferedInts() {}

  public static void main(String[] args) {
    Channel<Integer> ch = Channel.buffered(2); // buffer de 2

    ch.send(1);
    ch.send(2);
    // ch.send(3); // bloquerait ici car le buffer est plein

    System.out.println(ch.receive()); // lit 1
    System.out.println(ch.receive()); // lit 2
  }
}

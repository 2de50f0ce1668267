package dev.kanal.examples.seed004;

import dev.kanal.Channel;

/**
 * Seed 004, closing a channel and ranging over it: a channel that still holds values can be
 * closed, and the values left in it can still be received. The loop ends after the last one.
 * Prints "one", "two".
 */
public final class ClosingRange {
  private ClosingRange() {}

  public static void main(String[] args) {
    Channel<String> queue = Channel.buffered(2);
    queue.send("one");
    queue.send("two");
    queue.close();
    for (String elem : queue) {
      System.out.println(elem);
    }
  }
}

package dev.kanal.examples.seed004;

import static dev.kanal.Select.otherwise;
import static dev.kanal.Select.select;

import dev.kanal.Channel;

/**
 * Seed 004, non-blocking channel operations: the default case runs when none of the channels is
 * ready. Prints "no message received", then "channel is full !" from the select that checks
 * whether a channel is full.
 */
public final class NonBlocking {
  private NonBlocking() {}

  public static void main(String[] args) {
    Channel<String> messages = Channel.unbuffered();
    select(
        messages.onReceive(msg -> System.out.println("received message " + msg)),
        otherwise(() -> System.out.println("no message received")));

    // A select can tell whether a channel is full.
    Channel<Integer> ch = Channel.buffered(1);
    ch.send(1);
    select(ch.onSend(2), otherwise(() -> System.out.println("channel is full !")));
  }
}

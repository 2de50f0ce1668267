package dev.kanal.examples.seed002;

import static dev.kanal.Select.otherwise;
import static dev.kanal.Select.select;

import dev.kanal.Channel;

/**
 * Seed 002, {@code select} with {@code default}: when no channel is ready, the default case
 * runs at once instead of blocking.
 *
 * <p>The seed shows the select alone; here it runs twice, on an empty channel ("Aucun message,
 * on continue") and then on one that holds a message ("Message reçu : Salut").
 */
public final class SelectDefault {
  private SelectDefault() {}

  public static void main(String[] args) {
    Channel<String> ch = Channel.buffered(1);

    receiveOrGoOn(ch); // rien dans le channel : le default s'exécute
    ch.send("Salut");
    receiveOrGoOn(ch); // un message attend : il est reçu
  }

  static void receiveOrGoOn(Channel<String> ch) {
    select(
        ch.onReceive(msg -> System.out.println("Message reçu : " + msg)),
        otherwise(() -> System.out.println("Aucun message, on continue")));
  }
}

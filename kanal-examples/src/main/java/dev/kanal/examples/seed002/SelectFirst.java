package dev.kanal.examples.seed002;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;
import static dev.kanal.Time.sleep;

import dev.kanal.Channel;
import java.time.Duration;

/**
 * Seed 002, {@code select}: wait on several channels at once and take the first message that
 * comes. The first goroutine sends after 1 s, so select reads that one: "Reçu : Message de
 * ch1". The second message is never read here (a loop would read both).
 */
public final class SelectFirst {
  private SelectFirst() {}

  public static void main(String[] args) {
    Channel<String> ch1 = Channel.unbuffered();
    Channel<String> ch2 = Channel.unbuffered();

    go(
        () -> {
          sleep(Duration.ofSeconds(1));
          ch1.send("Message de ch1");
        });

    go(
        () -> {
          sleep(Duration.ofSeconds(2));
          ch2.send("Message de ch2");
        });

    select(
        ch1.onReceive(msg1 -> System.out.println("Reçu : " + msg1)),
        ch2.onReceive(msg2 -> System.out.println("Reçu : " + msg2)));
    // As in Go, the second goroutine is still asleep when main returns; it ends with the
    // program.
  }
}

package dev.kanal.examples.seed002;

import static dev.kanal.Go.go;
import static dev.kanal.Time.sleep;

import dev.kanal.Channel;
import dev.kanal.SendChannel;
import java.time.Duration;

/**
 * Seed 002, two goroutines sending on one channel. Possible output (the order is not
 * guaranteed): "A: 1", "B: 1", "A: 2", "B: 2", "A: 3", "B: 3".
 */
public final class Count {
  private Count() {}

  static void count(String name, SendChannel<String> ch) {
    for (int i = 1; i <= 3; i++) {
      ch.send(String.format("%s: %d", name, i));
      sleep(Duration.ofMillis(500));
    }
  }

  public static void main(String[] args) {
    Channel<String> ch = Channel.unbuffered();

    go(() -> count("A", ch));
    go(() -> count("B", ch));

    // On lit 6 messages (3 de A + 3 de B)
    for (int i = 0; i < 6; i++) {
      System.out.println(ch.receive());
    }
  }
}

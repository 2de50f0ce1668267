package dev.kanal.examples.seed003;

import static dev.kanal.Go.go;
import static dev.kanal.Time.sleep;

import java.time.Duration;

/**
 * Seed 003, a simple goroutine example: two goroutines run at the same time, printing their
 * messages in turn, while the main goroutine waits.
 */
public final class Goroutines {
  private Goroutines() {}

  static void afficheMessage(String msg) {
    for (int i = 0; i < 3; i++) {
      System.out.println(msg);
      sleep(Duration.ofMillis(200));
    }
  }

  public static void main(String[] args) {
    go(() -> afficheMessage("Goroutine 1"));
    go(() -> afficheMessage("Goroutine 2"));

    // Attendre un peu pour que les goroutines s'exécutent.
    // This works only by luck, as in the seed: if main ends first, the program ends and
    // interrupts every goroutine still running (they are daemon virtual threads). The 1 s
    // sleep is a guess at how long 3 x 200 ms take; the waitgroups demo shows the real way.
    sleep(Duration.ofSeconds(1));
    System.out.println("Programme principal terminé");
  }
}

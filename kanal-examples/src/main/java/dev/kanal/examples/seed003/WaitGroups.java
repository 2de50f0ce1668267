package dev.kanal.examples.seed003;

import static dev.kanal.Go.go;
import static dev.kanal.Time.sleep;

import dev.kanal.WaitGroup;
import java.time.Duration;

/**
 * Seed 003, {@code sync.WaitGroup}: main goes on only once every goroutine it started has
 * actually finished, where the goroutines demo could only guess with a sleep.
 */
public final class WaitGroups {
  private WaitGroups() {}

  static void travaille(int id, WaitGroup wg) {
    try { // defer wg.Done()
      System.out.printf("Goroutine %d démarre%n", id);
      sleep(Duration.ofSeconds(1));
      System.out.printf("Goroutine %d termine%n", id);
    } finally {
      wg.done();
    }
  }

  public static void main(String[] args) {
    WaitGroup wg = new WaitGroup();

    for (int i = 1; i <= 3; i++) {
      wg.add(1);
      int id = i;
      go(() -> travaille(id, wg));
    }

    wg.await(); // Attend que toutes les goroutines aient terminé
    System.out.println("Tous les travaux sont terminés");
  }
}

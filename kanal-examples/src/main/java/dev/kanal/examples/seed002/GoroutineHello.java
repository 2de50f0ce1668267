package dev.kanal.examples.seed002;

import static dev.kanal.Go.go;
import static dev.kanal.Time.sleep;

import java.time.Duration;

/**
 * Seed 002, the first goroutine: {@code go direBonjour()} runs the function in the background
 * while {@code main} goes on.
 *
 * <p>Possible output: "Programme principal" then "Bonjour !" (the order is not guaranteed).
 */
public final class GoroutineHello {
  private GoroutineHello() {}

  static void direBonjour() {
    System.out.println("Bonjour !");
  }

  public static void main(String[] args) {
    go(GoroutineHello::direBonjour); // goroutine lancée
    System.out.println("Programme principal");

    // Attend que la goroutine finisse (sinon elle peut être tuée trop vite).
    // This works only by luck, as in the seed: a sleep is a guess, not a synchronisation.
    // Without it, main may end (and with it the program and every goroutine, which are
    // daemon virtual threads) before "Bonjour !" is printed. A channel or a WaitGroup is the
    // real fix (see the hello-channel and waitgroups demos).
    sleep(Duration.ofSeconds(1));
  }
}

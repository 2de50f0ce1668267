package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Time.newTimer;
import static dev.kanal.Time.sleep;

import dev.kanal.Timer;
import java.time.Duration;

/**
 * Seed 004, timers: one event at a moment in the future. You tell the timer how long to wait,
 * and it gives you a channel that is notified then. A timer can be stopped before it fires
 * ({@code stop2 := timer2.Stop()}). The seed's code stops after {@code <-timer1.C}; the rest is
 * Go by Example's program, which the seed follows. Prints "Timer 1 fired" after 2 s, then
 * "Timer 2 stopped", and never "Timer 2 fired".
 */
public final class Timers {
  private Timers() {}

  public static void main(String[] args) {
    Timer timer1 = newTimer(Duration.ofSeconds(2));

    // Blocks on the timer's channel until it sends the value that says the timer fired (2 s).
    timer1.channel().receive();
    System.out.println("Timer 1 fired");

    // To simply wait, Time.sleep would do. A timer can also be cancelled before it fires.
    Timer timer2 = newTimer(Duration.ofSeconds(1));
    go(
        () -> {
          timer2.channel().receive();
          System.out.println("Timer 2 fired");
        });
    boolean stop2 = timer2.stop();
    if (stop2) {
      System.out.println("Timer 2 stopped");
    }

    // Gives timer2 time to fire, if it ever were going to, to show that it is stopped.
    sleep(Duration.ofSeconds(2));
  }
}

package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Time.newTicker;
import static dev.kanal.Time.sleep;

import dev.kanal.Ticker;
import dev.kanal.examples.GoTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Seed 004, tickers: do something again and again at a fixed interval, until the ticker is
 * stopped. Prints "Tick at ..." three times (at 500, 1000 and 1500 ms), then "Ticker stopped".
 */
public final class Tickers {
  private Tickers() {}

  public static void main(String[] args) {
    // A ticker works like a timer: a channel delivers the values. Here we range over that
    // channel, which receives a value every 500 ms.
    Ticker ticker = newTicker(Duration.ofMillis(500));
    go(
        () -> {
          for (Instant t : ticker.channel()) {
            System.out.println("Tick at " + GoTime.format(t)); // as Go prints a time.Time
          }
        });

    // A ticker can be stopped like a timer. Once stopped, no more values are received from its
    // channel. We stop this one after 1600 ms.
    sleep(Duration.ofMillis(1600));
    ticker.stop();
    System.out.println("Ticker stopped");
    // As in Go, stopping does not close the channel: the ranging goroutine stays blocked and
    // ends with the program.
  }
}

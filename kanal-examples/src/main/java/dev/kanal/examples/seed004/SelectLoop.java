package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;
import static dev.kanal.Time.sleep;

import dev.kanal.Channel;
import java.time.Duration;

/**
 * Seed 004, select: wait on several channel operations at once. A select is either looped
 * forever with a timeout, run a fixed number of times (here twice, once per message), or made
 * non-blocking with a default case. Prints "received one" after 1 s and "received two" after
 * 2 s: the two sleeps run concurrently, so the whole takes about 2 s, not 3.
 */
public final class SelectLoop {
  private SelectLoop() {}

  public static void main(String[] args) {
    Channel<String> c1 = Channel.unbuffered();
    Channel<String> c2 = Channel.unbuffered();

    go(
        () -> {
          sleep(Duration.ofSeconds(1));
          c1.send("one");
        });

    go(
        () -> {
          sleep(Duration.ofSeconds(2));
          c2.send("two");
        });

    for (int i = 0; i < 2; i++) {
      select(
          c1.onReceive(msg1 -> System.out.println("received " + msg1)),
          c2.onReceive(msg2 -> System.out.println("received " + msg2)));
    }
  }
}

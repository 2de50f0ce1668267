package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;
import static dev.kanal.Time.after;
import static dev.kanal.Time.sleep;

import dev.kanal.Channel;
import java.time.Duration;

/**
 * Seed 004, timeouts: {@code Time.after} returns a receive channel that gets the time once the
 * duration has passed, so it can be one case of a select. The result comes after 2 s, the
 * timeout after 1 s: prints "timeout 1".
 */
public final class Timeouts {
  private Timeouts() {}

  public static void main(String[] args) {
    // The result channel is buffered so that the late send does not block the goroutine
    // forever once nobody listens.
    Channel<String> c1 = Channel.buffered(1);
    go(
        () -> {
          sleep(Duration.ofSeconds(2));
          c1.send("result 1");
        });

    select(
        c1.onReceive(res -> System.out.println(res)),
        after(Duration.ofSeconds(1)).onReceive(t -> System.out.println("timeout 1")));
  }
}

package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Time.sleep;

import dev.kanal.Channel;
import dev.kanal.SendChannel;
import java.time.Duration;

/**
 * Seed 004, channel synchronization: main waits on {@code done} until the worker says it has
 * finished. Without the {@code <-done} line the program could end before the worker even
 * started. Prints "working...done".
 */
public final class ChannelSync {
  private ChannelSync() {}

  static void worker(SendChannel<Boolean> done) {
    System.out.print("working...");
    sleep(Duration.ofSeconds(1)); // working
    System.out.println("done");
    done.send(true);
  }

  public static void main(String[] args) {
    Channel<Boolean> done = Channel.buffered(1);
    go(() -> worker(done));
    done.receive(); // blocks here until the worker is done
  }
}

package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;

import dev.kanal.Channel;
import java.time.Duration;

/**
 * Seed 004, range over a channel blocks: the loop waits for the next value until the channel is
 * closed. Here nothing is sent and nothing closes the queue, so Go reports a deadlock; removing
 * the comments fixes it (that version is the closing-range demo).
 *
 * <p>Go's runtime notices that every goroutine is asleep and stops the program with "fatal
 * error: all goroutines are asleep - deadlock!" and exit status 2. The JVM has no such detector,
 * so this demo runs the loop in a goroutine, gives it a second, then prints Go's message on
 * standard error and exits with Go's status.
 */
public final class RangeDeadlock {
  private RangeDeadlock() {}

  public static void main(String[] args) throws InterruptedException {
    Thread program =
        go(
            () -> {
              Channel<String> queue = Channel.buffered(2);
              // queue.send("one");
              // queue.send("two");
              // queue.close();
              for (String elem : queue) {
                System.out.println(elem);
              }
            });
    if (!program.join(Duration.ofSeconds(1))) {
      System.err.println("fatal error: all goroutines are asleep - deadlock!");
      System.exit(2); // as Go's runtime does; the stuck goroutine ends with the program
    }
  }
}

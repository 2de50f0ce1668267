package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Select.otherwise;
import static dev.kanal.Select.select;

import dev.kanal.Channel;
import java.time.Duration;

/**
 * Seed 004, the deadlock to avoid: in a single goroutine, a send on an unbuffered channel waits
 * for a receiver that never comes, so the print is never reached. The fixes: a buffered channel
 * (the buffered-channels demo) or a {@code select} with a {@code default} case:
 * {@code kanal demo send-deadlock fixed} runs that one ("no message sent").
 *
 * <p>Go's runtime notices that every goroutine is asleep and stops the program with "fatal
 * error: all goroutines are asleep - deadlock!" and exit status 2. The JVM has no such detector,
 * so this demo runs the stuck program in a goroutine, gives it a second, then prints Go's message
 * (on standard error, as Go does) and exits with Go's status.
 */
public final class SendDeadlock {
  private SendDeadlock() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("fixed")) {
      fixed();
      return;
    }
    // Written like this, the print is never reached (deadlock).
    Thread program =
        go(
            () -> {
              Channel<String> messages = Channel.unbuffered();
              messages.send("ping"); // nobody receives: blocks forever
              String msg = messages.receive();
              System.out.println(msg);
            });
    if (!program.join(Duration.ofSeconds(1))) {
      System.err.println("fatal error: all goroutines are asleep - deadlock!");
      System.exit(2); // as Go's runtime does; the stuck goroutine ends with the program
    }
  }

  /** Fix 2: send through a select with a default case, which never blocks. */
  static void fixed() {
    Channel<String> messages = Channel.unbuffered();
    select(
        messages.onSend("msg", () -> System.out.println("sent message")),
        otherwise(() -> System.out.println("no message sent")));
  }
}

package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 004, a generator: a goroutine that keeps a channel supplied, like a small service. Fine
 * for values that are not asked for very often. Prints one random number.
 *
 * <p>The seed's generator sends forever ({@code for { out <- rand.Int() }}) and is left blocked
 * when main stops reading. Here it also takes a {@code done} channel: once the consumer closes
 * it, the generator returns and closes its own channel, so nothing is left running.
 */
public final class Generator {
  private Generator() {}

  static ReceiveChannel<Long> randGenerator2(ReceiveChannel<?> done) {
    Channel<Long> out = Channel.unbuffered();
    go(
        () -> {
          try {
            for (; ; ) {
              // out <- rand.Int(), unless the consumer is done
              boolean stopped =
                  select(out.onSend(randInt(), () -> false), done.onReceiveApply(x -> true));
              if (stopped) {
                return;
              }
            }
          } finally {
            out.close();
          }
        });
    return out;
  }

  /** Go's {@code rand.Int()}: a non-negative pseudo-random 63-bit integer. */
  static long randInt() {
    return ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
  }

  public static void main(String[] args) {
    Channel<Void> done = Channel.unbuffered(); // never carries a value: closing it is the signal

    // Random numbers as a service.
    ReceiveChannel<Long> randServiceHandler = randGenerator2(done);
    // The seed's "%dn" is "%d\n" with the backslash lost.
    System.out.printf("%d%n", randServiceHandler.receive());

    done.close(); // the consumer is done: the generator returns
  }
}

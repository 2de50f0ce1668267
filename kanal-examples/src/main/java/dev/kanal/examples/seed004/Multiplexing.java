package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import dev.kanal.WaitGroup;

/**
 * Seed 004, multiplexing: merge several channels into one, as nginx serves many connections
 * from one process where Apache used one process per connection. Here it merges two of the
 * generators of the generator demo. The seed gives no main; this one prints five random numbers
 * taken from the merged channel.
 *
 * <p>As in the generator demo, a {@code done} channel (not in the seed, whose goroutines loop
 * forever) stops everything once the consumer is done: the generators return, the two merging
 * goroutines return, and the last one out closes the merged channel.
 */
public final class Multiplexing {
  private Multiplexing() {}

  static ReceiveChannel<Long> randGenerator3(ReceiveChannel<?> done) {
    ReceiveChannel<Long> randGenerator1 = Generator.randGenerator2(done);
    ReceiveChannel<Long> randGenerator2 = Generator.randGenerator2(done);
    Channel<Long> out = Channel.unbuffered();

    WaitGroup wg = new WaitGroup();
    wg.go(
        () -> {
          // Read generator 1's values and merge them.
          for (long v : randGenerator1) {
            if (select(out.onSend(v, () -> false), done.onReceiveApply(x -> true))) {
              return;
            }
          }
        });
    wg.go(
        () -> {
          // Read generator 2's values and merge them.
          for (long v : randGenerator2) {
            if (select(out.onSend(v, () -> false), done.onReceiveApply(x -> true))) {
              return;
            }
          }
        });
    go(
        () -> {
          wg.await();
          out.close();
        });
    return out;
  }

  public static void main(String[] args) {
    Channel<Void> done = Channel.unbuffered(); // never carries a value: closing it is the signal

    ReceiveChannel<Long> randServiceHandler = randGenerator3(done);
    for (int i = 0; i < 5; i++) {
      System.out.println(randServiceHandler.receive());
    }

    done.close(); // the consumer is done: every goroutine behind the channel returns
  }
}

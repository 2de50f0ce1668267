package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;

import dev.kanal.Channel;

/**
 * Seed 004, a shared variable: one goroutine owns the value and serves reads and writes over
 * two channels, so no lock is needed and the code stays short. Prints 0, then 1.
 *
 * <p>The seed's keeper loops forever. Here closing the writer channel (not in the seed) tells
 * it that the variable is no longer used, and it returns.
 */
public final class SharedVariable {
  private SharedVariable() {}

  record ShardedVar(Channel<Integer> reader, Channel<Integer> writer) {}

  // The goroutine that looks after the shared variable.
  static void shardedVarWatchdog(ShardedVar v) {
    go(
        () -> {
          int value = 0;
          for (; ; ) { // Listen on the read and write channels and serve them.
            int current = value;
            Integer next =
                select(
                    v.writer().onReceive(), // case value = <-v.writer
                    v.reader().onSend(current, () -> current)); // case v.reader <- value
            if (next == null) { // the writer was closed: nobody uses the variable any more
              return;
            }
            value = next;
          }
        });
  }

  public static void main(String[] args) {
    // Set up, and start the goroutine that looks after the variable.
    ShardedVar v = new ShardedVar(Channel.unbuffered(), Channel.unbuffered());
    shardedVarWatchdog(v);

    System.out.println(v.reader().receive());
    v.writer().send(1);
    System.out.println(v.reader().receive());

    v.writer().close(); // the watchdog returns
  }
}

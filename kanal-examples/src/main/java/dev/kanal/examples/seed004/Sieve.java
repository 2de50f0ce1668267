package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import dev.kanal.SendChannel;

/**
 * Seed 004, the chain filter: the prime sieve. The program builds 10 filters, each removing the
 * multiples of one prime, so it prints the first 10 primes, one per line: 2 3 5 7 11 13 17 19
 * 23 29.
 *
 * <p>The seed's goroutines loop forever and are left blocked when main returns. Here each also
 * takes a {@code done} channel (not in the seed): main closes it at the end and the generator
 * and every filter return.
 */
public final class Sieve {
  private Sieve() {}

  // Send the sequence 2, 3, 4, ... to channel 'ch'.
  static void generate(SendChannel<Integer> ch, ReceiveChannel<?> done) {
    for (int i = 2; ; i++) {
      if (select(ch.onSend(i, () -> false), done.onReceiveApply(x -> true))) { // ch <- i
        return;
      }
    }
  }

  // Copy the values from channel 'in' to channel 'out', removing those divisible by 'prime'.
  static void filter(
      ReceiveChannel<Integer> in, SendChannel<Integer> out, int prime, ReceiveChannel<?> done) {
    for (; ; ) {
      // Receive value from 'in'.
      Integer i = select(in.onReceive(), done.onReceiveApply(x -> null));
      if (i == null) {
        return;
      }
      if (i % prime != 0) {
        // Send 'i' to 'out'.
        if (select(out.onSend(i, () -> false), done.onReceiveApply(x -> true))) {
          return;
        }
      }
    }
  }

  // The prime sieve: Daisy-chain Filter processes.
  public static void main(String[] args) {
    Channel<Void> done = Channel.unbuffered(); // never carries a value: closing it is the signal
    Channel<Integer> ch = Channel.unbuffered(); // Create a new channel.
    Channel<Integer> first = ch;
    go(() -> generate(first, done)); // Launch Generate goroutine.
    for (int i = 0; i < 10; i++) {
      int prime = ch.receive();
      // The seed's print(prime, "n") is Go's built-in print (which writes to standard error)
      // with the "\n" missing its backslash; the demo prints one prime per line on standard
      // output.
      System.out.println(prime);
      Channel<Integer> ch1 = Channel.unbuffered();
      Channel<Integer> in = ch;
      go(() -> filter(in, ch1, prime, done));
      ch = ch1;
    }
    done.close(); // stops the generator and every filter
  }
}

package dev.kanal.bench;

import dev.kanal.Go;

/**
 * The daisy-chained prime sieve of Go's tour and test suite: a generator sends 2, 3, 4, ... on
 * an unbuffered channel; each prime read from the end of the chain adds a goroutine that drops
 * the multiples of that prime. Shared by Sieve1000 and Sieve3000.
 *
 * <p>So that a run leaves no goroutine behind (Go's version leaks the whole chain), the
 * generator stops at the n-th prime and closes its channel (the JDK queues: sends a poison), each
 * filter closes its output when its input is closed, and the run ends when the end of the chain
 * closes. The work is the classic sieve's up to the n-th prime, in Go and Java alike.
 */
final class Sieve {
  private Sieve() {}

  /** Finds the first {@code n} primes through a chain of {@code n} filters; returns how many. */
  static int run(String impl, int limit, Integer[] boxes) {
    Pipe first = Pipe.of(impl, 0);
    spawn(
        impl,
        () -> {
          for (int i = 2; i <= limit; i++) {
            first.send(boxes[i]);
          }
          end(first);
        });
    Pipe ch = first;
    int count = 0;
    while (true) {
      Integer p = ch.receive();
      if (p == null || p == 0) {
        return count;
      }
      count++;
      Pipe in = ch;
      Pipe out = Pipe.of(impl, 0);
      int prime = p;
      spawn(impl, () -> filter(in, out, prime));
      ch = out;
    }
  }

  private static void filter(Pipe in, Pipe out, int prime) {
    while (true) {
      Integer v = in.receive();
      if (v == null || v == 0) {
        end(out);
        return;
      }
      if (v % prime != 0) {
        out.send(v);
      }
    }
  }

  private static void end(Pipe p) {
    if (p.closable()) {
      p.close();
    } else {
      p.send(Values.STOP);
    }
  }

  /** Kanal code starts goroutines with {@code Go.go}; the others with a plain virtual thread. */
  private static void spawn(String impl, Runnable body) {
    if (impl.equals("kanal")) {
      Go.go(body);
    } else {
      Thread.ofVirtual().start(body);
    }
  }

  /** The n-th prime (n >= 1), by a plain sieve of Eratosthenes. */
  static int nthPrime(int n) {
    int size = 32;
    while (true) {
      boolean[] composite = new boolean[size + 1];
      int count = 0;
      for (int i = 2; i <= size; i++) {
        if (!composite[i]) {
          if (++count == n) {
            return i;
          }
          for (long j = (long) i * i; j <= size; j += i) {
            composite[(int) j] = true;
          }
        }
      }
      size *= 2;
    }
  }
}

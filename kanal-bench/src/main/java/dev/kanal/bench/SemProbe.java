package dev.kanal.bench;

import dev.kanal.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * ChanSem's contended mode without the scheduler: two <em>platform</em> threads, one per core,
 * each acquiring and releasing a semaphore of two permits as fast as it can, so that the two
 * always run at once and every operation meets the other thread's on the same cache lines. (On
 * virtual threads the JMH shape has a second mode, both parties on one carrier one after the
 * other, which never contends: docs/BENCHMARKS.md, "Small buffers".)
 *
 * <ul>
 *   <li>{@code kanal}: a Kanal channel of capacity 2; acquire is a send, release a receive, as
 *       Go's {@code BenchmarkChanSem};
 *   <li>{@code semaphore}: {@link Semaphore} with two permits (one CAS on one word per operation);
 *   <li>{@code abq}: {@link ArrayBlockingQueue} of capacity 2, put then take (a lock per
 *       operation).
 * </ul>
 *
 * <pre>java -cp benchmarks.jar dev.kanal.bench.SemProbe IMPL [PAIRS [ROUNDS]]</pre>
 *
 * <p>Prints one line per round: the time per acquire-and-release pair, over both threads' pairs
 * (Go's ns/op for ChanSem). The first rounds are JIT warm-up; read the last ones.
 */
public final class SemProbe {
  private SemProbe() {}

  /** One acquire-and-release pair. */
  interface Pair {
    void run() throws InterruptedException;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3) {
      System.err.println(
          "usage: SemProbe IMPL [PAIRS [ROUNDS]]   (IMPL: kanal, semaphore, abq; PAIRS per thread"
              + " defaults to 5000000, ROUNDS to 8)");
      System.exit(2);
    }
    int pairs = args.length > 1 ? TwoThreads.positive("SemProbe", "PAIRS", args[1]) : 5_000_000;
    int rounds = args.length > 2 ? TwoThreads.positive("SemProbe", "ROUNDS", args[2]) : 8;
    Pair pair = pairFor(args[0]);
    if (pair == null) {
      System.err.println("SemProbe: unknown IMPL '" + args[0] + "' (kanal, semaphore, abq)");
      System.exit(2);
    }
    for (int r = 1; r <= rounds; r++) {
      System.out.printf("SemProbe\t%s\tround %d\t%.1f ns/pair%n", args[0], r, round(pair, pairs));
    }
  }

  /** A fresh semaphore of two permits of kind {@code impl}, or null if there is no such kind. */
  static Pair pairFor(String impl) {
    Object token = new Object();
    switch (impl) {
      case "kanal" -> {
        Channel<Object> sem = Channel.buffered(2);
        return () -> {
          sem.send(token);
          sem.receive();
        };
      }
      case "semaphore" -> {
        Semaphore sem = new Semaphore(2);
        return () -> {
          sem.acquire();
          sem.release();
        };
      }
      case "abq" -> {
        ArrayBlockingQueue<Object> sem = new ArrayBlockingQueue<>(2);
        return () -> {
          sem.put(token);
          sem.take();
        };
      }
      default -> {
        return null;
      }
    }
  }

  /** Nanoseconds per pair, both threads' pairs counted, from the start barrier to the end one. */
  static double round(Pair pair, int pairs) throws Exception {
    Callable<Void> party =
        () -> {
          for (int i = 0; i < pairs; i++) {
            pair.run();
          }
          return null;
        };
    return TwoThreads.race("SemProbe", party, party) / (2.0 * pairs);
  }
}

package dev.kanal.bench;

import dev.kanal.Channel;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * What Go's {@code runnext} would be worth to the shapes that park: the hand-off shapes run on
 * virtual threads whose scheduler is not the JDK's default {@code ForkJoinPool}.
 *
 * <p>Go runs a goroutine woken by a channel operation next on the waker's own processor, where
 * the channel's lines and the value already are; the JDK's scheduler pushes it to the waker's
 * carrier queue, and an idle carrier usually steals it. docs/BENCHMARKS.md named such a
 * scheduler as what would close the gap on ChanProdCons0 and the sieves. This probe bounds that
 * gain from above: with {@code one-carrier} every goroutine runs on one platform thread, so
 * every wake-up runs on the waker's carrier and touches nothing another core holds, as with a
 * perfect {@code runnext}. What is left is the switch itself: a virtual thread's park (its
 * frames frozen into a heap stack chunk) and resume (thawed back).
 *
 * <p>The scheduler is set through the JDK's package-private {@code
 * ThreadBuilders.VirtualThreadBuilder(Executor)} constructor (its own tests' hook; not an API),
 * so the probe needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}. Goroutines started by
 * {@code Go.go} inside the root thread inherit its scheduler (a virtual thread started by a
 * virtual thread without a scheduler of its own takes its parent's).
 *
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -Dkanal.virtualSpins=0 \
 *     -cp benchmarks.jar dev.kanal.bench.CarrierProbe MODE [ROUNDS]
 * </pre>
 *
 * <p>MODE: {@code default} (the JDK's scheduler), {@code one-carrier} (a single platform
 * thread), {@code two-carriers} (two platform threads sharing one queue: a scheduler of one's
 * own without the locality, for contrast). Kanal's brief spin asks the default scheduler
 * whether a virtual thread is queued; under another scheduler the answer is always no, and the
 * spin would hold the only carrier, so run the other modes with {@code -Dkanal.virtualSpins=0}.
 *
 * <p>Each round times, inside one root virtual thread of the mode's scheduler: {@code sieve}
 * (Sieve1000 on Kanal channels, ms per sieve), {@code pingpong} (PingPong on two unbuffered Kanal
 * channels, ns per round trip) and {@code raw} (the same round trip between two virtual threads
 * with {@code LockSupport.park}/{@code unpark} and a volatile turn: two bare switches, the floor
 * under any channel). It prints each round, then the median of the last half.
 */
public final class CarrierProbe {
  private CarrierProbe() {}

  private static final int ROUND_TRIPS = 200_000;
  private static final int SIEVES = 10;

  /** One round's figures: ms per sieve, ns per Kanal round trip, ns per bare round trip. */
  record Round(double sieveMillis, double pingPongNanos, double rawNanos) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println(
          "usage: CarrierProbe MODE [ROUNDS]   (MODE: "
              + String.join(", ", MODES)
              + "; ROUNDS defaults to 8)");
      System.exit(2);
    }
    String mode = args[0];
    int rounds = args.length > 1 ? TwoThreads.positive("CarrierProbe", "ROUNDS", args[1]) : 8;
    if (!MODES.contains(mode)) {
      System.err.println(
          "CarrierProbe: unknown MODE '" + mode + "' (" + String.join(", ", MODES) + ")");
      System.exit(2);
    }
    ExecutorService carriers = carriersFor(mode);
    Thread.Builder.OfVirtual root = carriers == null ? Thread.ofVirtual() : builderOn(carriers);
    if (root == null) {
      System.err.println(
          "CarrierProbe: cannot set a virtual thread's scheduler: run java with"
              + " --add-opens java.base/java.lang=ALL-UNNAMED");
      System.exit(2);
    }
    int primes = 1000;
    int limit = Sieve.nthPrime(primes);
    Integer[] boxes = Values.boxes(limit);
    Round[] figures = new Round[rounds];
    Thread t =
        root.start(
            () -> {
              for (int r = 0; r < rounds; r++) {
                figures[r] = round(primes, limit, boxes, SIEVES, ROUND_TRIPS);
                System.out.printf(
                    "CarrierProbe\t%s\tround %d\tsieve %.1f ms\tpingpong %.0f ns\traw %.0f ns%n",
                    mode,
                    r + 1,
                    figures[r].sieveMillis(),
                    figures[r].pingPongNanos(),
                    figures[r].rawNanos());
              }
            });
    t.join();
    System.out.printf(
        "CarrierProbe\t%s\tmedian of rounds %d-%d\tsieve %.1f ms\tpingpong %.0f ns\traw %.0f ns%n",
        mode,
        rounds / 2 + 1,
        rounds,
        lateMedian(figures, Round::sieveMillis),
        lateMedian(figures, Round::pingPongNanos),
        lateMedian(figures, Round::rawNanos));
    if (carriers != null) {
      carriers.shutdownNow();
    }
  }

  static final List<String> MODES = List.of("default", "one-carrier", "two-carriers");

  /** The platform threads that carry {@code mode}'s virtual threads; null for the default. */
  static ExecutorService carriersFor(String mode) {
    return switch (mode) {
      case "one-carrier" -> Executors.newSingleThreadExecutor(CarrierProbe::daemon);
      case "two-carriers" -> Executors.newFixedThreadPool(2, CarrierProbe::daemon);
      default -> null;
    };
  }

  /**
   * One round, on the calling virtual thread's scheduler: {@code sieves} sieves up to the
   * {@code primes}-th prime ({@code limit}), then {@code roundTrips} round trips of each kind.
   */
  static Round round(int primes, int limit, Integer[] boxes, int sieves, int roundTrips) {
    long t0 = System.nanoTime();
    for (int i = 0; i < sieves; i++) {
      int found = Sieve.run("kanal", limit, boxes);
      if (found != primes) {
        throw new IllegalStateException("the sieve found " + found + " primes, not " + primes);
      }
    }
    double sieve = (System.nanoTime() - t0) / 1e6 / sieves;
    return new Round(sieve, pingPongNanos(roundTrips), rawNanos(roundTrips));
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "carrier-probe");
    t.setDaemon(true);
    return t;
  }

  /** A virtual-thread builder whose threads run on {@code scheduler}, or null if not allowed. */
  static Thread.Builder.OfVirtual builderOn(Executor scheduler) {
    try {
      Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
      Constructor<?> k = c.getDeclaredConstructor(Executor.class);
      k.setAccessible(true);
      return (Thread.Builder.OfVirtual) k.newInstance(scheduler);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // InaccessibleObjectException without the --add-opens
    }
  }

  private static double pingPongNanos(int roundTrips) {
    Channel<Integer> ping = Channel.unbuffered();
    Channel<Integer> pong = Channel.unbuffered();
    Thread echo =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < roundTrips; i++) {
                    pong.send(ping.receive());
                  }
                });
    long t0 = System.nanoTime();
    for (int i = 0; i < roundTrips; i++) {
      ping.send(Values.ONE);
      pong.receive();
    }
    long t = System.nanoTime() - t0;
    Crew.joinUninterruptibly(echo);
    return (double) t / roundTrips;
  }

  private static volatile int turn;

  private static double rawNanos(int roundTrips) {
    Thread me = Thread.currentThread();
    turn = 0;
    Thread echo =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < roundTrips; i++) {
                    while (turn != 1) {
                      LockSupport.park();
                    }
                    turn = 0;
                    LockSupport.unpark(me);
                  }
                });
    long t0 = System.nanoTime();
    for (int i = 0; i < roundTrips; i++) {
      turn = 1;
      LockSupport.unpark(echo);
      while (turn != 0) {
        LockSupport.park();
      }
    }
    long t = System.nanoTime() - t0;
    Crew.joinUninterruptibly(echo);
    return (double) t / roundTrips;
  }

  private static double lateMedian(Round[] rounds, ToDoubleFunction<Round> f) {
    double[] xs = Arrays.stream(rounds).mapToDouble(f).toArray();
    double[] late = Arrays.copyOfRange(xs, xs.length / 2, xs.length);
    Arrays.sort(late);
    int n = late.length;
    return n % 2 == 1 ? late[n / 2] : (late[n / 2 - 1] + late[n / 2]) / 2;
  }
}

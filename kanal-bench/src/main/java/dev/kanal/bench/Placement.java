package dev.kanal.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Where the machine's cores stand from one another right now: the round trip of one cache line
 * between two platform threads, one per core, that hand a counter back and forth by spinning.
 *
 * <h2>Why the benchmarks need it</h2>
 *
 * <p>On the two-vCPU virtual machines these figures come from, the host moves the vCPUs between
 * physical cores every few seconds to minutes. On some placements a cache line crosses from one
 * vCPU to the other in about 28 ns (a round trip of 50 to 60 ns: the two cores share a cache); on
 * others in about 165 ns (a round trip of 300 to 350 ns). Every shape in which two cores write the
 * same lines (the hand-offs, small buffers, a pool's shared queues) then takes one of two speeds,
 * whichever language runs it, and a median over samples taken in different placements compares
 * placements, not implementations. Measured here with this profiler: seed 000's pool on raw
 * channels with CPU jobs read 123 to 131 ns per job in a JVM whose iterations all saw a round trip
 * of 62 to 64 ns, and 343 to 355 in one that saw 314 to 329 (docs/BENCHMARKS.md, "The machine's
 * two speeds").
 *
 * <p>{@link PlacementProfiler} tags every JMH iteration with the round trip read just before and
 * just after it; {@code kanal-bench/compare} runs each {@code go test} sample between two readings
 * of {@code --serve}, so that Go's samples are tagged the same way.
 *
 * <pre>
 * java -cp benchmarks.jar dev.kanal.bench.Placement           one reading: ns per round trip
 * java -cp benchmarks.jar dev.kanal.bench.Placement --serve   one reading per line read on stdin
 * </pre>
 */
public final class Placement {
  private Placement() {}

  /**
   * Round trips above this many nanoseconds mean the far placement. The two placements seen so far
   * read 50 to 60 ns and 300 to 350 ns, and nothing in between held for more than one reading.
   */
  public static final double FAR_NANOS = 150;

  /** Round trips per reading: 1 to 7 ms, depending on the placement. */
  static final int TRIPS = 20_000;

  public static void main(String[] args) throws Exception {
    boolean serve = args.length == 1 && args[0].equals("--serve");
    if (args.length > 0 && !serve) {
      System.err.println("usage: Placement [--serve]");
      System.exit(2);
    }
    warmUp();
    if (!serve) {
      System.out.printf(Locale.ROOT, "%.1f%n", roundTripNanos(TRIPS));
      return;
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      System.out.printf(Locale.ROOT, "%.1f%n", roundTripNanos(TRIPS));
      System.out.flush();
    }
  }

  /**
   * Compiles the spin loops, so that no reading times the interpreter: readings until two in a row
   * agree within a tenth (at most 50).
   */
  static void warmUp() throws Exception {
    double last = roundTripNanos(TRIPS);
    for (int i = 0; i < 50; i++) {
      double now = roundTripNanos(TRIPS);
      if (Math.abs(now - last) <= 0.1 * last) {
        return;
      }
      last = now;
    }
  }

  /** Stretches a reading is cut into; the fastest one counts. */
  private static final int STRETCHES = 4;

  /**
   * Nanoseconds per round trip of one cache line between two cores: the fastest of {@link
   * #STRETCHES} stretches of {@code trips / STRETCHES} round trips, timed by the first thread. The
   * fastest, because what else runs on the machine (the OS moving a new thread to the other
   * core, an interrupt) only ever adds time, while the placement holds for seconds.
   */
  static double roundTripNanos(int trips) throws Exception {
    Line line = new Line();
    int stretch = Math.max(2, trips / STRETCHES);
    long total = (long) stretch * STRETCHES;
    long[] fastest = {Long.MAX_VALUE};
    Callable<Void> ping =
        () -> {
          long from = System.nanoTime();
          for (long i = 0; i < total; i++) {
            Line.TURN.setRelease(line, 2 * i + 1);
            while ((long) Line.TURN.getAcquire(line) != 2 * i + 2) {
              Thread.onSpinWait();
            }
            if ((i + 1) % stretch == 0) {
              long now = System.nanoTime();
              fastest[0] = Math.min(fastest[0], now - from);
              from = now;
            }
          }
          return null;
        };
    Callable<Void> pong =
        () -> {
          for (long i = 0; i < total; i++) {
            while ((long) Line.TURN.getAcquire(line) != 2 * i + 1) {
              Thread.onSpinWait();
            }
            Line.TURN.setRelease(line, 2 * i + 2);
          }
          return null;
        };
    TwoThreads.race("Placement", ping, pong); // its end barrier publishes fastest[0]
    return fastest[0] / (double) stretch;
  }

  /** One word alone on its cache line, padded against what is allocated before and after it. */
  static class LineWord extends LineProbe.PadHead {
    volatile long turn;
  }

  static final class Line extends LineWord {
    long q0, q1, q2, q3, q4, q5, q6, q7;

    static final VarHandle TURN;

    static {
      try {
        TURN = MethodHandles.lookup().findVarHandle(LineWord.class, "turn", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }
}

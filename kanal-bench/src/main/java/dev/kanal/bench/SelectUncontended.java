package dev.kanal.bench;

import dev.kanal.Channel;
import dev.kanal.Select;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Go's BenchmarkSelectUncontended: one goroutine per core, each with two private channels of
 * capacity 1 and one token; each select receives the token from whichever channel holds it and
 * sends it to the other. Time per select (with its send).
 *
 * <p>The JDK has no select: its entries poll both queues in turn (the token is always in one
 * of them, so the loop never spins).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectUncontended {
  /** Selects per invocation: about 25 ms on Kanal (see {@link Crew}). */
  static final int SELECTS = 806_400;

  @Param({"kanal", "jox", "abq-vt", "abq-pt"})
  public String impl;

  private Pipe[][] chans;
  private Crew crew;

  @Setup
  public void setup() {
    chans = new Pipe[Split.cores()][];
    for (int p = 0; p < chans.length; p++) {
      chans[p] = new Pipe[] {Pipe.of(impl, 1), Pipe.of(impl, 1)};
      chans[p][0].send(Values.ONE);
    }
    crew = Crew.forImpl(impl);
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  @OperationsPerInvocation(SELECTS)
  public void run() {
    int procs = chans.length;
    crew.run(
        procs,
        p -> {
          int n = Split.share(SELECTS, procs, p);
          Pipe a = chans[p][0];
          Pipe b = chans[p][1];
          switch (impl) {
            case "kanal" -> kanal(((KanalPipe) a).ch, ((KanalPipe) b).ch, n);
            case "jox" -> jox(((JoxPipe) a).ch, ((JoxPipe) b).ch, n);
            default -> polling(((QueuePipe) a).q, ((QueuePipe) b).q, n);
          }
        });
  }

  static void kanal(Channel<Integer> c1, Channel<Integer> c2, int n) {
    for (int i = 0; i < n; i++) {
      int which = Select.select(c1.onReceiveApply(v -> 1), c2.onReceiveApply(v -> 2));
      (which == 1 ? c2 : c1).send(Values.ONE);
    }
  }

  static void jox(com.softwaremill.jox.Channel<Integer> c1, com.softwaremill.jox.Channel<Integer> c2, int n) {
    try {
      for (int i = 0; i < n; i++) {
        int which =
            com.softwaremill.jox.Select.select(c1.receiveClause(v -> 1), c2.receiveClause(v -> 2));
        (which == 1 ? c2 : c1).send(Values.ONE);
      }
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }

  static void polling(BlockingQueue<Integer> q1, BlockingQueue<Integer> q2, int n) {
    try {
      for (int i = 0; i < n; i++) {
        while (true) {
          Integer v = q1.poll();
          if (v != null) {
            q2.put(v);
            break;
          }
          v = q2.poll();
          if (v != null) {
            q1.put(v);
            break;
          }
          Thread.onSpinWait();
        }
      }
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }
}

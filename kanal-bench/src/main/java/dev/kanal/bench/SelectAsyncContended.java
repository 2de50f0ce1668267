package dev.kanal.bench;

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
 * Go's BenchmarkSelectAsyncContended: two shared channels of capacity cores; one goroutine per
 * core, each adding one token, then selecting a token from either channel and sending it to the
 * other. Time per select (with its send).
 *
 * <p>The JDK has no select: its entries poll both queues and yield when both are momentarily
 * empty (another party holds the tokens between its receive and its send).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectAsyncContended {
  @Param({"kanal", "jox", "abq-vt", "abq-pt"})
  public String impl;

  private Pipe a;
  private Pipe b;
  private Crew crew;

  @Setup
  public void setup() {
    a = Pipe.of(impl, Split.cores());
    b = Pipe.of(impl, Split.cores());
    for (int p = 0; p < Split.cores(); p++) {
      a.send(Values.ONE);
    }
    crew = Crew.forImpl(impl);
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  @OperationsPerInvocation(SelectUncontended.SELECTS)
  public void run() {
    int procs = Split.cores();
    crew.run(
        procs,
        p -> {
          int n = Split.share(SelectUncontended.SELECTS, procs, p);
          switch (impl) {
            case "kanal" -> SelectUncontended.kanal(((KanalPipe) a).ch, ((KanalPipe) b).ch, n);
            case "jox" -> SelectUncontended.jox(((JoxPipe) a).ch, ((JoxPipe) b).ch, n);
            default -> polling(((QueuePipe) a).q, ((QueuePipe) b).q, n);
          }
        });
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
          Thread.yield();
        }
      }
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }
}

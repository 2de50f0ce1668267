package dev.kanal.bench;

import dev.kanal.Channel;
import dev.kanal.Select;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Go's BenchmarkSelectNonblock: one goroutine per core; each operation is four selects with a
 * default, none of which can proceed (after the first): receive from an unbuffered channel,
 * send on an unbuffered channel, receive from an empty channel of capacity 1, send on a full
 * channel of capacity 1. Time per operation (four selects), as Go reports it.
 *
 * <p>The JDK entry is {@code poll}/{@code offer} on a SynchronousQueue (the unbuffered pair) and
 * an ArrayBlockingQueue of capacity 1 (the buffered pair): {@code sq+abq-vt}, {@code sq+abq-pt}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectNonblock {
  /** Rounds per invocation: about 7 ms on Kanal, a second on jox (see {@link Crew}). */
  static final int OPS = 1_612_800;
  private static final Supplier<Object> NOTHING = () -> null;
  private static final Runnable NOOP = () -> {};

  @Param({"kanal", "jox", "sq+abq-vt", "sq+abq-pt"})
  public String impl;

  private Crew crew;
  private Channel<Integer> k1;
  private Channel<Integer> k2;
  private Channel<Integer> k3;
  private Channel<Integer> k4;
  private com.softwaremill.jox.Channel<Integer> j1;
  private com.softwaremill.jox.Channel<Integer> j2;
  private com.softwaremill.jox.Channel<Integer> j3;
  private com.softwaremill.jox.Channel<Integer> j4;
  private SynchronousQueue<Integer> q1;
  private SynchronousQueue<Integer> q2;
  private ArrayBlockingQueue<Integer> q3;
  private ArrayBlockingQueue<Integer> q4;

  @Setup
  public void setup() {
    crew = Crew.forImpl(impl);
    switch (impl) {
      case "kanal" -> {
        k1 = Channel.unbuffered();
        k2 = Channel.unbuffered();
        k3 = Channel.buffered(1);
        k4 = Channel.buffered(1);
      }
      case "jox" -> {
        j1 = com.softwaremill.jox.Channel.newRendezvousChannel();
        j2 = com.softwaremill.jox.Channel.newRendezvousChannel();
        j3 = com.softwaremill.jox.Channel.newBufferedChannel(1);
        j4 = com.softwaremill.jox.Channel.newBufferedChannel(1);
      }
      default -> {
        q1 = new SynchronousQueue<>();
        q2 = new SynchronousQueue<>();
        q3 = new ArrayBlockingQueue<>(1);
        q4 = new ArrayBlockingQueue<>(1);
      }
    }
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public void run() {
    int procs = Split.cores();
    crew.run(
        procs,
        p -> {
          int n = Split.share(OPS, procs, p);
          switch (impl) {
            case "kanal" -> kanal(n);
            case "jox" -> jox(n);
            default -> jdk(n);
          }
        });
  }

  private void kanal(int n) {
    for (int i = 0; i < n; i++) {
      Select.select(k1.onReceive(), Select.otherwise(NOTHING));
      Select.select(k2.onSend(Values.ONE), Select.otherwise(NOOP));
      Select.select(k3.onReceive(), Select.otherwise(NOTHING));
      Select.select(k4.onSend(Values.ONE), Select.otherwise(NOOP));
    }
  }

  private void jox(int n) {
    try {
      for (int i = 0; i < n; i++) {
        com.softwaremill.jox.Select.select(j1.receiveClause(), com.softwaremill.jox.Select.defaultClause(Values.STOP));
        com.softwaremill.jox.Select.select(j2.sendClause(Values.ONE), com.softwaremill.jox.Select.defaultClause((Void) null));
        com.softwaremill.jox.Select.select(j3.receiveClause(), com.softwaremill.jox.Select.defaultClause(Values.STOP));
        com.softwaremill.jox.Select.select(j4.sendClause(Values.ONE), com.softwaremill.jox.Select.defaultClause((Void) null));
      }
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }

  private void jdk(int n) {
    for (int i = 0; i < n; i++) {
      q1.poll();
      q2.offer(Values.ONE);
      q3.poll();
      q4.offer(Values.ONE);
    }
  }
}

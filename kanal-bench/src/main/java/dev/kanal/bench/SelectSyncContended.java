package dev.kanal.bench;

import com.softwaremill.jox.ChannelClosed;
import dev.kanal.Channel;
import dev.kanal.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Go's BenchmarkSelectSyncContended: three shared unbuffered channels; per core, one receiver
 * selecting over the three and one sender selecting a send over the three plus a receive on
 * {@code done}, which is closed at the end. Time per message received.
 *
 * <p>No JDK entry: a blocking select over several rendezvous queues has no JDK counterpart
 * short of a busy poll loop, which would measure spinning, not a queue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectSyncContended {
  static final int MESSAGES = 40_320;

  @Param({"kanal", "jox"})
  public String impl;

  private Crew crew;
  private Channel<Integer> k1;
  private Channel<Integer> k2;
  private Channel<Integer> k3;
  private com.softwaremill.jox.Channel<Integer> j1;
  private com.softwaremill.jox.Channel<Integer> j2;
  private com.softwaremill.jox.Channel<Integer> j3;

  @Setup
  public void setup() {
    crew = Crew.forImpl(impl);
    switch (impl) {
      case "kanal" -> {
        k1 = Channel.unbuffered();
        k2 = Channel.unbuffered();
        k3 = Channel.unbuffered();
      }
      case "jox" -> {
        j1 = com.softwaremill.jox.Channel.newRendezvousChannel();
        j2 = com.softwaremill.jox.Channel.newRendezvousChannel();
        j3 = com.softwaremill.jox.Channel.newRendezvousChannel();
      }
      default -> throw new IllegalArgumentException("SelectSyncContended has no '" + impl + "'");
    }
  }

  @TearDown
  public void tearDown() {
    crew.close();
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void run() {
    if (impl.equals("kanal")) {
      runKanal();
    } else {
      runJox();
    }
  }

  private void runKanal() {
    int procs = Split.cores();
    Channel<Integer> done = Channel.unbuffered();
    AtomicInteger receiversLeft = new AtomicInteger(procs);
    List<Runnable> parties = new ArrayList<>();
    for (int p = 0; p < procs; p++) {
      int n = Split.share(MESSAGES, procs, p);
      parties.add(
          () -> {
            boolean more = true;
            while (more) {
              more =
                  Select.select(
                      k1.onSend(Values.ONE, () -> true),
                      k2.onSend(Values.ONE, () -> true),
                      k3.onSend(Values.ONE, () -> true),
                      done.onReceiveApply(v -> false));
            }
          });
      parties.add(
          () -> {
            for (int i = 0; i < n; i++) {
              Select.select(k1.onReceive(), k2.onReceive(), k3.onReceive());
            }
            if (receiversLeft.decrementAndGet() == 0) {
              done.close();
            }
          });
    }
    crew.run(parties);
  }

  private void runJox() {
    int procs = Split.cores();
    com.softwaremill.jox.Channel<Integer> done = com.softwaremill.jox.Channel.newRendezvousChannel();
    AtomicInteger receiversLeft = new AtomicInteger(procs);
    List<Runnable> parties = new ArrayList<>();
    for (int p = 0; p < procs; p++) {
      int n = Split.share(MESSAGES, procs, p);
      parties.add(
          () -> {
            try {
              while (true) {
                Object r =
                    com.softwaremill.jox.Select.selectOrClosed(
                        j1.sendClause(Values.ONE, () -> Boolean.TRUE),
                        j2.sendClause(Values.ONE, () -> Boolean.TRUE),
                        j3.sendClause(Values.ONE, () -> Boolean.TRUE),
                        done.receiveClause(v -> Boolean.FALSE));
                if (r instanceof ChannelClosed || r == Boolean.FALSE) {
                  return;
                }
              }
            } catch (InterruptedException e) {
              throw Interrupted.rethrow(e);
            }
          });
      parties.add(
          () -> {
            try {
              for (int i = 0; i < n; i++) {
                com.softwaremill.jox.Select.select(
                    j1.receiveClause(), j2.receiveClause(), j3.receiveClause());
              }
            } catch (InterruptedException e) {
              throw Interrupted.rethrow(e);
            }
            if (receiversLeft.decrementAndGet() == 0) {
              done.done();
            }
          });
    }
    crew.run(parties);
  }
}

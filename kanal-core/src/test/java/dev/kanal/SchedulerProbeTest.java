package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scheduler probe that lets a virtual thread spin before it parks, and the hand-offs that
 * go through both of its answers: spinning while the carriers are free, parking while virtual
 * threads wait for one, and switching between the two at random moments.
 */
class SchedulerProbeTest {

  private static boolean beanExpected() {
    return Runtime.version().feature() >= 24 && ModuleLayer.boot().findModule("jdk.management").isPresent();
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void answersOnceItsLookupHasEndedAndSeesVirtualThreadsWaitingForACarrier() throws Exception {
    assumeTrue(beanExpected(), "the scheduler bean exists from JDK 24 on, in jdk.management");
    Thread.ofVirtual().start(() -> {}).join(); // the default scheduler exists from here on
    await().atMost(Duration.ofSeconds(30)).until(() -> SchedulerProbe.queuedThreads() >= 0);

    // More runnable virtual threads than carriers: some of them must be queued.
    int cores = Runtime.getRuntime().availableProcessors();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch running = new CountDownLatch(1);
    List<Thread> busy = new ArrayList<>();
    for (int i = 0; i < cores + 4; i++) {
      busy.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    running.countDown();
                    while (!stop.get()) {
                      Thread.onSpinWait();
                    }
                  }));
    }
    try {
      running.await();
      await().atMost(Duration.ofSeconds(30)).until(() -> SchedulerProbe.queuedThreads() > 0);
    } finally {
      stop.set(true);
      for (Thread t : busy) {
        t.join();
      }
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> SchedulerProbe.queuedThreads() == 0);
  }

  /**
   * Pairs of goroutines hand numbered values to each other and back while noisy pairs come and
   * go, so that each wait meets sometimes free carriers (it spins, and its waker skips the
   * unpark) and sometimes a queue (it parks): every value arrives once, in order, and nobody is
   * left waiting for a wake-up that never comes (the timeout would say so). Some receives are
   * timed, so that a spin can also end in a deadline, and a timeout race a hand-off.
   */
  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {0, 1})
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void handOffsThatSpinOrParkLoseNothing(int capacity) throws Exception {
    int rounds = Stress.scaled(40);
    int values = 2_000;
    for (int round = 0; round < rounds; round++) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      int pairs = 1 + rnd.nextInt(3);
      int load = rnd.nextInt(3); // noisy pairs competing for the carriers
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      List<Thread> busy = new ArrayList<>();
      for (int i = 0; i < load; i++) {
        // A noisy pair: bursts of work between hand-offs, so that it queues and parks at random.
        // Finite: a pair that hands off on its carrier's own queue can hold that carrier for as
        // long as it runs (the JDK's scheduler runs local tasks before it looks elsewhere).
        Channel<Integer> noise = Channel.unbuffered();
        int burst = 1 + rnd.nextInt(5_000);
        int handOffs = rnd.nextInt(20_000);
        busy.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int n = 0; n < handOffs && !stop.get(); n++) {
                        burn(burst);
                        noise.send(1);
                      }
                      noise.close();
                    }));
        busy.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (Integer unused : noise) {
                        burn(burst);
                      }
                    }));
      }
      for (int p = 0; p < pairs; p++) {
        Channel<Integer> there = capacity == 0 ? Channel.unbuffered() : Channel.buffered(capacity);
        Channel<Integer> back = capacity == 0 ? Channel.unbuffered() : Channel.buffered(capacity);
        threads.add(
            party(
                failure,
                () -> {
                  for (int v = 0; v < values; v++) {
                    there.send(v);
                    assertThat(back.receive()).isEqualTo(v);
                  }
                }));
        threads.add(
            party(
                failure,
                () -> {
                  for (int v = 0; v < values; v++) {
                    int got;
                    if (v % 7 == 0) {
                      ReceiveResult<Integer> r;
                      while (!(r = there.tryReceive(Duration.ofNanos(1 + v % 5_000))).hasValue()) {
                        // Timeouts this short often run out before the receiver parks: this
                        // is a polling loop, and goroutines are not preempted.
                        Thread.yield();
                      }
                      got = r.value();
                    } else {
                      got = there.receive();
                    }
                    assertThat(got).isEqualTo(v);
                    back.send(got);
                  }
                }));
      }
      for (Thread t : threads) {
        t.join();
      }
      stop.set(true);
      for (Thread t : busy) {
        t.join();
      }
      assertThat(failure.get()).as("a party failed in round %d", round).isNull();
    }
  }

  private static volatile long sink;

  /** Work that the JIT cannot drop: a few nanoseconds per step. */
  private static void burn(int steps) {
    long x = steps;
    for (int i = 0; i < steps; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    sink = x;
  }

  /** A virtual thread running {@code body}; what it throws is kept in {@code failure}. */
  private static Thread party(AtomicReference<Throwable> failure, Runnable body) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            });
  }
}

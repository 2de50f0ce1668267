package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The race that the lock-free ring of a buffered channel must get right: senders that reserved a
 * slot without the lock while {@code close} runs, against receivers that are parked, spinning or
 * arriving. Go's rule is that {@code close} is final: once any receive has answered "closed", every
 * receive that starts afterwards answers "closed" too, and every value whose send returned is
 * received exactly once before that.
 *
 * <p>Each round: receivers (some parked before anything is sent) record every value; senders send
 * unique values with {@code trySend} and {@code send}; the channel is closed at a random moment. A
 * receiver that gets "closed" raises a flag; a receive that <em>starts</em> after the flag is up
 * and still gets a value is the violation. Sizes scale with {@code -Dkanal.stress.scale}.
 */
class ClosedIsFinalStressTest {

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 3, 64})
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aReceiveThatStartsAfterClosedWasSeenNeverGetsAValue(int capacity) throws Exception {
    int rounds = Stress.scaled(2_000);
    for (int round = 0; round < rounds; round++) {
      runRound(capacity);
    }
  }

  private static void runRound(int capacity) throws Exception {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int senders = 1 + rnd.nextInt(3);
    int receivers = 1 + rnd.nextInt(3);
    int perSender = 1 + rnd.nextInt(200);
    int total = senders * perSender;
    int closeAfter = rnd.nextInt(total + 1); // sends started before close is called

    Channel<Integer> ch = Channel.buffered(capacity);
    AtomicIntegerArray sent = new AtomicIntegerArray(total);
    AtomicIntegerArray received = new AtomicIntegerArray(total);
    AtomicBoolean closedSeen = new AtomicBoolean();
    AtomicBoolean lateValue = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    CountDownLatch closeNow = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();

    for (int r = 0; r < receivers; r++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (true) {
                      boolean afterClosed = closedSeen.get();
                      Integer v = ch.receiveOrNull();
                      if (v == null) {
                        closedSeen.set(true);
                        return;
                      }
                      if (afterClosed) {
                        lateValue.set(true);
                      }
                      received.incrementAndGet(v);
                    }
                  }));
    }
    for (int s = 0; s < senders; s++) {
      int base = s * perSender;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < perSender; i++) {
                      int v = base + i;
                      if (started.incrementAndGet() == closeAfter) {
                        closeNow.countDown();
                      }
                      try {
                        if (i % 2 == 0) {
                          ch.send(v);
                          sent.set(v, 1);
                        } else if (ch.trySend(v) == SendResult.SENT) {
                          sent.set(v, 1);
                        }
                      } catch (ChannelClosedException closed) {
                        return;
                      }
                    }
                  }));
    }
    if (closeAfter == 0) {
      closeNow.countDown();
    }
    Thread closer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    closeNow.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                  ch.close();
                });
    // Senders that have not yet reached closeAfter when every send is done: close anyway.
    for (Thread t : threads.subList(receivers, threads.size())) {
      t.join();
    }
    closeNow.countDown();
    closer.join();
    for (Thread t : threads.subList(0, receivers)) {
      t.join();
    }

    assertThat(lateValue).as("a receive that started after 'closed' was seen got a value").isFalse();
    for (int v = 0; v < total; v++) {
      assertThat(received.get(v))
          .as("value %d: sent %d, received", v, sent.get(v))
          .isEqualTo(sent.get(v));
    }
    assertThat(ch.receiveOrNull()).isNull();
    assertThat(ch.len()).isZero();
  }
}

package dev.kanal;

import static dev.kanal.Select.select;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A channel's lock and wait queues are installed on first use, by CAS: every party that finds
 * them missing makes one, and all must end up using the same. If two parties ever queued on
 * different copies, a waker would not see one of them: a value would be stranded, or a waiter
 * would never wake (a hang, which the timeout turns into a failure).
 *
 * <p>Each round starts on a fresh channel: receivers, senders and selects (over the channel and a
 * second fresh one that nobody else uses) are held at a gate and released at once, so that
 * several of them race to be the first waiter; the channel is closed at a random moment, possibly
 * while the first waiters are still arriving. Every value whose send returned is received exactly
 * once; a value whose send failed is never received. Sizes scale with {@code
 * -Dkanal.stress.scale}.
 */
class FirstWaiterRaceTest {

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {0, 1, 2, 9}) // 9: slots by modulo, not by mask
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void partiesRacingToWaitFirstOnAFreshChannelLoseAndDuplicateNothing(int capacity)
      throws Exception {
    int rounds = Stress.scaled(5_000);
    for (int round = 0; round < rounds; round++) {
      runRound(capacity);
    }
  }

  private static void runRound(int capacity) throws Exception {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int receivers = 1 + rnd.nextInt(4);
    int senders = 1 + rnd.nextInt(4);
    int perSender = 1 + rnd.nextInt(20);
    int total = senders * perSender;
    // -1: close only once every send has returned; else close after that many sends started.
    int closeAfter = rnd.nextInt(4) == 0 ? -1 : rnd.nextInt(total + 1);

    Channel<Integer> ch = capacity == 0 ? Channel.unbuffered() : Channel.buffered(capacity);
    AtomicIntegerArray sent = new AtomicIntegerArray(total);
    AtomicIntegerArray received = new AtomicIntegerArray(total);
    AtomicInteger started = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch closeNow = new CountDownLatch(1);
    List<Thread> receiving = new ArrayList<>();
    List<Thread> sending = new ArrayList<>();

    for (int r = 0; r < receivers; r++) {
      boolean viaSelect = rnd.nextBoolean();
      receiving.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    awaitGate(gate);
                    Channel<Integer> never = Channel.buffered(1);
                    while (true) {
                      Integer v =
                          viaSelect
                              ? select(ch.onReceiveApply(x -> x), never.onReceiveApply(x -> -1))
                              : ch.receiveOrNull();
                      if (v == null) {
                        return; // closed and drained
                      }
                      received.incrementAndGet(v);
                    }
                  }));
    }
    for (int s = 0; s < senders; s++) {
      int base = s * perSender;
      int how = rnd.nextInt(3);
      sending.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    awaitGate(gate);
                    Channel<Integer> never = Channel.unbuffered();
                    for (int i = 0; i < perSender; i++) {
                      int v = base + i;
                      if (started.incrementAndGet() == closeAfter) {
                        closeNow.countDown();
                      }
                      try {
                        boolean ok =
                            switch (how) {
                              case 0 -> {
                                ch.send(v);
                                yield true;
                              }
                              case 1 ->
                                  ch.trySend(v, Duration.ofSeconds(30)) == SendResult.SENT;
                              default ->
                                  select(ch.onSend(v, () -> true), never.onSend(v, () -> false));
                            };
                        if (ok) {
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
                  awaitGate(gate);
                  awaitGate(closeNow);
                  ch.close();
                });

    gate.countDown();
    for (Thread t : sending) {
      assertThat(t.join(Spawned.PATIENCE)).as("a sender finished").isTrue();
    }
    closeNow.countDown(); // closeAfter was -1, or beyond the sends that started
    assertThat(closer.join(Spawned.PATIENCE)).as("close returned").isTrue();
    for (Thread t : receiving) {
      assertThat(t.join(Spawned.PATIENCE)).as("a receiver saw the close").isTrue();
    }

    for (int v = 0; v < total; v++) {
      assertThat(received.get(v))
          .as("value %d (capacity %d): sent %d, received", v, capacity, sent.get(v))
          .isEqualTo(sent.get(v));
    }
    assertThat(ch.receiveOrNull()).isNull();
  }

  private static void awaitGate(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationInterruptedException("test gate");
    }
  }
}

package dev.kanal;

import static dev.kanal.Select.select;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code close} against blocked parties that give up while it runs. {@code close} takes every
 * waiter off the channel at once and wakes them after unlocking ({@code WaitQueue.detachAll}),
 * so a party that times out, is interrupted, or whose select fires on another channel in that
 * window must neither be woken twice, nor be lost, nor corrupt the queues it already left.
 *
 * <p>Each round blocks a random crowd on one channel: all receivers, or all senders (on a
 * buffered channel that was filled first, so that they block). Each party uses a random kind
 * of operation: plain, timed (a random timeout of up to 200 µs), a select that also listens to
 * (or sends on) a second channel, or plain but interrupted at a random moment. A chaos
 * goroutine interrupts and serves the second channel while the channel is closed after a
 * random number of parties started. Then every party must have ended exactly once with an
 * outcome its kind allows; the values served on the second channel must be taken exactly once
 * each; no refused sender's value may ever come out of the channel; and the channel must still
 * answer like a closed one (the buffered values first, then "closed" at once).
 */
class CloseReleasesWaitersStressTest {

  private static final int PLAIN = 0;
  private static final int TIMED = 1;
  private static final int SELECT = 2;
  private static final int INTERRUPTED = 3;

  /** What a party ended with; one per party. */
  private enum Outcome {
    CLOSED, // receive: "closed"; send: ChannelClosedException
    TIMED_OUT,
    INTERRUPTED,
    ELSEWHERE // its select fired on the second channel
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {0, 2})
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void everyBlockedPartyEndsExactlyOnceWhileOthersGiveUp(int capacity) throws Exception {
    int rounds = Stress.scaled(600);
    for (int round = 0; round < rounds; round++) {
      runRound(capacity, ThreadLocalRandom.current().nextBoolean());
    }
  }

  private static void runRound(int capacity, boolean senders) throws Exception {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int n = 2 + rnd.nextInt(63);
    Channel<Integer> ch = Channel.buffered(capacity);
    Channel<Integer> elsewhere = Channel.unbuffered();
    List<Integer> prefilled = new ArrayList<>();
    if (senders) {
      for (int i = 0; i < capacity; i++) {
        int v = -1 - i; // negative: never a party's value
        ch.send(v);
        prefilled.add(v);
      }
    }

    int[] kinds = new int[n];
    Outcome[] outcomes = new Outcome[n];
    AtomicIntegerArray ended = new AtomicIntegerArray(n);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread[] parties = new Thread[n];
    ConcurrentLinkedQueue<Integer> takenElsewhere = new ConcurrentLinkedQueue<>();
    CountDownLatch allEnded = new CountDownLatch(n);
    // Close after that many parties started; n + 1: only once the chaos below has begun.
    int closeAfter = rnd.nextInt(n + 2);

    for (int i = 0; i < n; i++) {
      int id = i;
      kinds[i] = rnd.nextInt(4);
      Runnable body =
          () -> {
            try {
              outcomes[id] =
                  senders
                      ? send(ch, elsewhere, id, kinds[id])
                      : receive(ch, elsewhere, kinds[id], takenElsewhere);
            } catch (Throwable t) {
              failures.add(t);
            } finally {
              ended.incrementAndGet(id);
              allEnded.countDown();
            }
          };
      parties[i] = Thread.ofVirtual().start(body);
      if (i + 1 == closeAfter) {
        ch.close();
      }
    }

    // The chaos: interrupt the parties of that kind and serve the second channel, while close
    // (or the timeouts) release the rest.
    List<Integer> served = new ArrayList<>();
    Thread chaos =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < n; i++) {
                    if (kinds[i] == INTERRUPTED) {
                      parties[i].interrupt();
                    }
                  }
                  int serves = 1 + ThreadLocalRandom.current().nextInt(4);
                  for (int k = 0; k < serves; k++) {
                    if (senders) {
                      Integer got = elsewhere.tryReceive(Duration.ofMillis(1)).valueOrNull();
                      if (got != null) {
                        served.add(got);
                      }
                    } else {
                      int v = 1_000_000 + k;
                      if (elsewhere.trySend(v, Duration.ofMillis(1)) == SendResult.SENT) {
                        served.add(v);
                      }
                    }
                  }
                });
    if (!ch.isClosed()) {
      ch.close();
    }
    chaos.join();

    assertThat(allEnded.await(1, TimeUnit.MINUTES)).as("every party ended").isTrue();
    assertThat(failures).isEmpty();
    for (int i = 0; i < n; i++) {
      assertThat(ended.get(i)).as("party %d ended once", i).isEqualTo(1);
      assertThat(allowed(kinds[i]))
          .as("outcome of party %d (kind %d)", i, kinds[i])
          .contains(outcomes[i]);
    }
    if (senders) {
      // What a select-sender sent elsewhere went to the chaos goroutine once, and only those.
      Set<Integer> elsewhereSenders = new HashSet<>();
      for (int i = 0; i < n; i++) {
        if (outcomes[i] == Outcome.ELSEWHERE) {
          elsewhereSenders.add(i);
        }
      }
      assertThat(served).doesNotHaveDuplicates();
      assertThat(new HashSet<>(served)).isEqualTo(elsewhereSenders);
      // No refused sender's value came into the channel: only the prefilled ones, in order.
      List<Integer> drained = new ArrayList<>();
      Integer v;
      while ((v = ch.receiveOrNull()) != null) {
        drained.add(v);
      }
      assertThat(drained).isEqualTo(prefilled);
    } else {
      long elsewhereCount = Arrays.stream(outcomes).filter(o -> o == Outcome.ELSEWHERE).count();
      assertThat(takenElsewhere).doesNotHaveDuplicates();
      assertThat(new HashSet<>(takenElsewhere)).isEqualTo(new HashSet<>(served));
      assertThat(takenElsewhere).hasSize((int) elsewhereCount);
    }
    assertThat(ch.receiveOrNull()).as("a closed, drained channel answers 'closed'").isNull();
    assertThat(ch.len()).isZero();
  }

  private static Set<Outcome> allowed(int kind) {
    return switch (kind) {
      case PLAIN -> Set.of(Outcome.CLOSED);
      case TIMED -> Set.of(Outcome.CLOSED, Outcome.TIMED_OUT);
      case SELECT -> Set.of(Outcome.CLOSED, Outcome.ELSEWHERE);
      default -> Set.of(Outcome.CLOSED, Outcome.INTERRUPTED);
    };
  }

  private static Outcome receive(
      Channel<Integer> ch,
      Channel<Integer> elsewhere,
      int kind,
      ConcurrentLinkedQueue<Integer> taken) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    try {
      switch (kind) {
        case TIMED -> {
          ReceiveResult<Integer> r = ch.tryReceive(Duration.ofNanos(rnd.nextInt(200_000)));
          assertThat(r.hasValue()).as("nobody sends on the channel").isFalse();
          return r.isClosed() ? Outcome.CLOSED : Outcome.TIMED_OUT;
        }
        case SELECT -> {
          Integer[] got = new Integer[1];
          boolean closed =
              select(
                  ch.onReceiveApply(v -> v == null),
                  elsewhere.onReceiveApply(
                      v -> {
                        got[0] = v;
                        return false;
                      }));
          if (closed) {
            return Outcome.CLOSED;
          }
          taken.add(got[0]);
          return Outcome.ELSEWHERE;
        }
        default -> {
          assertThat(ch.receiveOrNull()).as("nobody sends on the channel").isNull();
          return Outcome.CLOSED;
        }
      }
    } catch (OperationInterruptedException e) {
      return Outcome.INTERRUPTED;
    }
  }

  private static Outcome send(Channel<Integer> ch, Channel<Integer> elsewhere, int id, int kind) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    try {
      switch (kind) {
        case TIMED -> {
          SendResult r = ch.trySend(id, Duration.ofNanos(rnd.nextInt(200_000)));
          assertThat(r).as("nobody receives from the channel").isNotEqualTo(SendResult.SENT);
          return r == SendResult.CLOSED ? Outcome.CLOSED : Outcome.TIMED_OUT;
        }
        case SELECT -> {
          Supplier<Outcome> impossible =
              () -> {
                throw new AssertionError("a send completed on a channel nobody receives from");
              };
          return select(ch.onSend(id, impossible), elsewhere.onSend(id, () -> Outcome.ELSEWHERE));
        }
        default -> {
          ch.send(id);
          throw new AssertionError("a send completed on a channel nobody receives from");
        }
      }
    } catch (ChannelClosedException e) {
      return Outcome.CLOSED;
    } catch (OperationInterruptedException e) {
      return Outcome.INTERRUPTED;
    }
  }
}

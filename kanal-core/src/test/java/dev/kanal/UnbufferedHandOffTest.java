package dev.kanal;

import static dev.kanal.Select.otherwise;
import static dev.kanal.Select.select;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * An unbuffered channel on which at most one party waits hands off without its lock, through a
 * one-waiter slot; a second waiter, a select, or close moves that waiter into the locked queues
 * and back again once they empty. These cases cross that boundary one at a time: whatever path
 * a party took, Go's semantics hold (the random mixes are in {@code ChannelStressTest}).
 */
class UnbufferedHandOffTest {

  private static final Duration SHORT = Duration.ofMillis(2);

  @Test
  void nonBlockingOperationsReachAPartyWaitingAlone() {
    Channel<Integer> ch = Channel.unbuffered();
    Spawned<Integer> receiver = Spawned.call(ch::receive).awaitBlocked();
    assertThat(ch.trySend(5)).isEqualTo(SendResult.SENT);
    assertThat(receiver.get()).isEqualTo(5);

    Spawned<Void> sender = Spawned.run(() -> ch.send(6)).awaitBlocked();
    assertThat(ch.tryReceive().value()).isEqualTo(6);
    sender.get();
    assertThat(ch.tryReceive().hasValue()).isFalse();
  }

  @Test
  void aSelectReachesAPartyWaitingAlone() {
    Channel<Integer> ch = Channel.unbuffered();
    Spawned<Integer> receiver = Spawned.call(ch::receive).awaitBlocked();
    assertThat(select(ch.onSend(7, () -> "sent"), otherwise(() -> "would block")))
        .isEqualTo("sent");
    assertThat(receiver.get()).isEqualTo(7);

    Spawned<Void> sender = Spawned.run(() -> ch.send(8)).awaitBlocked();
    assertThat(select(ch.onReceive(), otherwise(() -> -1))).isEqualTo(8);
    sender.get();

    // After the selects, a lone pair still hands off.
    Spawned<Integer> again = Spawned.call(ch::receive).awaitBlocked();
    ch.send(9);
    assertThat(again.get()).isEqualTo(9);
  }

  @Test
  void waitersAreServedInArrivalOrderAcrossTheSlotAndTheQueue() {
    Channel<Integer> ch = Channel.unbuffered();
    Spawned<Integer> first = Spawned.call(ch::receive).awaitBlocked(); // alone: the slot
    Spawned<Integer> second = Spawned.call(ch::receive).awaitBlocked(); // behind it: the queue
    ch.send(1);
    assertThat(first.get()).isEqualTo(1);
    ch.send(2);
    assertThat(second.get()).isEqualTo(2);

    Spawned<Void> s1 = Spawned.run(() -> ch.send(3)).awaitBlocked();
    Spawned<Void> s2 = Spawned.run(() -> ch.send(4)).awaitBlocked();
    assertThat(ch.receive()).isEqualTo(3);
    assertThat(ch.receive()).isEqualTo(4);
    s1.get();
    s2.get();
  }

  @Test
  void closeReleasesAPartyWaitingAlone() {
    Channel<Integer> receiving = Channel.unbuffered();
    Spawned<Integer> receiver = Spawned.call(receiving::receiveOrNull).awaitBlocked();
    receiving.close();
    assertThat(receiver.get()).isNull();
    assertThat(receiving.tryReceive().isClosed()).isTrue();

    Channel<Integer> sending = Channel.unbuffered();
    Spawned<Void> sender = Spawned.run(() -> sending.send(1)).awaitBlocked();
    sending.close();
    assertThat(sender.failure()).isInstanceOf(ChannelClosedException.class);
    assertThat(sending.trySend(2)).isEqualTo(SendResult.CLOSED);
    assertThat(sending.receiveOrNull()).as("the refused value is never delivered").isNull();
  }

  @Test
  void aWaitThatTimedOutLeavesNoPartyBehind() {
    Channel<Integer> ch = Channel.unbuffered();
    assertThat(ch.tryReceive(SHORT).hasValue()).isFalse();
    assertThat(ch.trySend(1))
        .as("the timed-out receiver is gone")
        .isEqualTo(SendResult.WOULD_BLOCK);

    assertThat(ch.trySend(2, SHORT)).isEqualTo(SendResult.WOULD_BLOCK);
    assertThat(ch.tryReceive().hasValue()).as("the timed-out send is never delivered").isFalse();

    Spawned<Integer> receiver = Spawned.call(ch::receive).awaitBlocked();
    ch.send(3);
    assertThat(receiver.get()).isEqualTo(3);
  }

  /**
   * A party whose wait in the slot times out races a partner that takes it out of the slot at
   * that moment: exactly one of them wins, so a value is received if and only if its send said
   * SENT. Both sides use waits of a few microseconds and non-blocking operations, so that the
   * slot is filled, matched and abandoned hundreds of thousands of times.
   */
  @Test
  void aTimeoutRacingAHandOffIsDecidedExactlyOnce() {
    int attempts = Stress.scaled(200_000);
    Channel<Integer> ch = Channel.unbuffered();
    AtomicIntegerArray received = new AtomicIntegerArray(attempts);
    Spawned<Integer> receiver =
        Spawned.call(
            () -> {
              ThreadLocalRandom rnd = ThreadLocalRandom.current();
              int n = 0;
              while (true) {
                ReceiveResult<Integer> r =
                    rnd.nextBoolean()
                        ? ch.tryReceive(Duration.ofNanos(rnd.nextInt(5_000)))
                        : ch.tryReceive();
                if (r.isClosed()) {
                  return n;
                }
                if (r.hasValue()) {
                  received.incrementAndGet(r.value());
                  n++;
                } else {
                  Thread.yield(); // a poll loop on a virtual thread must let others run
                }
              }
            });
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    AtomicIntegerArray sent = new AtomicIntegerArray(attempts);
    int sentCount = 0;
    for (int v = 0; v < attempts; v++) {
      SendResult r =
          rnd.nextBoolean() ? ch.trySend(v, Duration.ofNanos(rnd.nextInt(5_000))) : ch.trySend(v);
      if (r == SendResult.SENT) {
        sent.set(v, 1);
        sentCount++;
      }
    }
    ch.close();
    assertThat(receiver.get())
        .as("values received, against sends that said SENT")
        .isEqualTo(sentCount);
    for (int v = 0; v < attempts; v++) {
      assertThat(received.get(v))
          .as("value %d: received as often as sent", v)
          .isEqualTo(sent.get(v));
    }
    assertThat(sentCount).as("some hand-offs happened").isPositive();
  }

  @Test
  void anInterruptedWaitLeavesNoPartyBehindAndKeepsTheInterrupt() {
    Channel<Integer> ch = Channel.unbuffered();
    Spawned<Void> sender = Spawned.run(() -> ch.send(1)).awaitBlocked();
    sender.thread.interrupt();
    assertThat(sender.failure()).isInstanceOf(OperationInterruptedException.class);
    assertThat(sender.interruptedAtEnd()).isTrue();
    assertThat(ch.tryReceive().hasValue()).as("the interrupted send is never delivered").isFalse();

    Spawned<Integer> receiver = Spawned.call(ch::receive).awaitBlocked();
    receiver.thread.interrupt();
    assertThat(receiver.failure()).isInstanceOf(OperationInterruptedException.class);
    assertThat(ch.trySend(2))
        .as("the interrupted receiver is gone")
        .isEqualTo(SendResult.WOULD_BLOCK);
  }
}

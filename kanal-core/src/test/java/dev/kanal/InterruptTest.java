package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interruption: a blocked operation wakes on interrupt, throws {@link
 * OperationInterruptedException} (unchecked, caused by an {@link InterruptedException}) and leaves
 * the thread's interrupt status set; an operation that can proceed without blocking completes even
 * on an interrupted thread; and a value is never lost to an interrupt.
 */
class InterruptTest {

  private static final Duration LONG = Spawned.PATIENCE.multipliedBy(3);

  /** Every operation that can block, each set up so that it does block. */
  enum Blocking {
    SEND(() -> () -> Channel.<Integer>unbuffered().send(1)),
    SEND_TO_FULL_BUFFER(
        () -> {
          Channel<Integer> ch = Channel.buffered(1);
          ch.send(0);
          return () -> ch.send(1);
        }),
    TIMED_SEND(() -> () -> Channel.<Integer>unbuffered().trySend(1, LONG)),
    RECEIVE(() -> () -> Channel.<Integer>unbuffered().receive()),
    RECEIVE_OR_NULL(() -> () -> Channel.<Integer>buffered(3).receiveOrNull()),
    TIMED_RECEIVE(() -> () -> Channel.<Integer>unbuffered().tryReceive(LONG)),
    RANGE(() -> () -> Channel.<Integer>unbuffered().iterator().hasNext()),
    SELECT_ONE_CASE(() -> () -> Select.select(Channel.<Integer>unbuffered().onReceive())),
    SELECT_MANY_CASES(
        () ->
            () ->
                Select.select(
                    Channel.<Integer>unbuffered().onReceive(),
                    Channel.<Integer>unbuffered().onSend(1))),
    SELECT_WITH_TIMEOUT(
        () ->
            () ->
                Select.select(
                    Channel.<Integer>unbuffered().onReceive(),
                    Channel.<Integer>unbuffered().onReceive(),
                    Select.timeout(LONG, () -> null))),
    SELECT_ON_NULL_CHANNELS_ONLY(
        () -> () -> Select.select(Select.onReceiveApply((ReceiveChannel<Integer>) null, v -> v))),
    SELECT_WITH_NO_CASE_BUT_A_TIMEOUT(() -> () -> Select.select(Select.timeout(LONG, () -> null))),
    WAIT_GROUP_AWAIT(
        () -> {
          WaitGroup wg = new WaitGroup();
          wg.add(1);
          return wg::await;
        }),
    WAIT_GROUP_TIMED_AWAIT(
        () -> {
          WaitGroup wg = new WaitGroup();
          wg.add(1);
          return () -> wg.await(LONG);
        }),
    SLEEP(() -> () -> Time.sleep(LONG));

    /** Sets up fresh state and returns the operation to run on it. */
    final Supplier<Runnable> setUp;

    Blocking(Supplier<Runnable> setUp) {
      this.setUp = setUp;
    }
  }

  @ParameterizedTest
  @EnumSource(Blocking.class)
  void aBlockedOperationWakesOnInterruptThrowsAndKeepsTheInterruptStatus(Blocking op) {
    Runnable body = op.setUp.get();
    Spawned<Void> blocked = Spawned.run(body).awaitBlocked();
    blocked.thread.interrupt();
    Throwable thrown = blocked.failure();
    assertThat(thrown)
        .isInstanceOf(OperationInterruptedException.class)
        .hasMessageEndingWith("interrupted")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(blocked.interruptedAtEnd()).as("the interrupt status stays set").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Blocking.class)
  void anAlreadyInterruptedThreadThatWouldBlockThrowsAtOnce(Blocking op) {
    Runnable body = op.setUp.get();
    Spawned<Void> run =
        Spawned.run(
            () -> {
              Thread.currentThread().interrupt();
              body.run();
            });
    assertThat(run.failure()).isInstanceOf(OperationInterruptedException.class);
    assertThat(run.interruptedAtEnd()).isTrue();
  }

  @Test
  void anInterruptedSendDeliversNothing() {
    Channel<Integer> unbuffered = Channel.unbuffered();
    Spawned<Void> sender = Spawned.run(() -> unbuffered.send(1)).awaitBlocked();
    sender.thread.interrupt();
    assertThat(sender.failure()).isInstanceOf(OperationInterruptedException.class);
    assertThat(unbuffered.tryReceive().hasValue()).isFalse();

    Channel<Integer> full = Channel.buffered(1);
    full.send(0);
    Spawned<Void> blocked = Spawned.run(() -> full.send(1)).awaitBlocked();
    blocked.thread.interrupt();
    assertThat(blocked.failure()).isInstanceOf(OperationInterruptedException.class);
    assertThat(full.receive()).isZero();
    assertThat(full.tryReceive().hasValue()).as("the interrupted value is not sent").isFalse();
  }

  @Test
  void anInterruptedReceiveLeavesNoWaiterBehindToSwallowAValue() {
    Channel<Integer> ch = Channel.unbuffered();
    Spawned<Integer> receiver = Spawned.call(ch::receive).awaitBlocked();
    receiver.thread.interrupt();
    assertThat(receiver.failure()).isInstanceOf(OperationInterruptedException.class);
    assertThat(ch.trySend(5)).isEqualTo(SendResult.WOULD_BLOCK);

    Channel<Integer> a = Channel.unbuffered();
    Channel<Integer> b = Channel.unbuffered();
    Spawned<Integer> selecting =
        Spawned.call(() -> Select.select(a.onReceive(), b.onReceive())).awaitBlocked();
    selecting.thread.interrupt();
    assertThat(selecting.failure()).isInstanceOf(OperationInterruptedException.class);
    assertThat(a.trySend(1)).isEqualTo(SendResult.WOULD_BLOCK);
    assertThat(b.trySend(1)).isEqualTo(SendResult.WOULD_BLOCK);
  }

  // ---------------------------------------------------------------- can proceed: completes

  /** Operations that can complete without blocking: an interrupted thread still completes them. */
  enum CanProceed {
    SEND_TO_ROOM(
        () -> {
          Channel<Integer> ch = Channel.buffered(1);
          return () -> {
            ch.send(1);
            return ch.len() == 1;
          };
        }),
    SEND_TO_WAITING_RECEIVER(
        () -> {
          Channel<Integer> ch = Channel.unbuffered();
          Channel<Integer> got = Channel.buffered(1);
          Spawned.run(() -> got.send(ch.receive())).awaitBlocked();
          return () -> {
            ch.send(7);
            return spinReceive(got) == 7; // non-blocking polls: fine on an interrupted thread
          };
        }),
    RECEIVE_BUFFERED(
        () -> {
          Channel<Integer> ch = Channel.buffered(1);
          ch.send(3);
          return () -> ch.receive() == 3;
        }),
    RECEIVE_FROM_WAITING_SENDER(
        () -> {
          Channel<Integer> ch = Channel.unbuffered();
          Spawned.run(() -> ch.send(4)).awaitBlocked();
          return () -> ch.receive() == 4;
        }),
    RECEIVE_FROM_CLOSED(
        () -> {
          Channel<Integer> ch = Channel.unbuffered();
          ch.close();
          return () -> ch.receiveOrNull() == null;
        }),
    TIMED_RECEIVE_READY(
        () -> {
          Channel<Integer> ch = Channel.buffered(1);
          ch.send(5);
          return () -> ch.tryReceive(LONG).valueOrNull() == 5;
        }),
    TIMED_SEND_ROOM(
        () -> {
          Channel<Integer> ch = Channel.buffered(1);
          return () -> ch.trySend(5, LONG) == SendResult.SENT;
        }),
    SELECT_READY(
        () -> {
          Channel<Integer> a = Channel.buffered(1);
          Channel<Integer> b = Channel.unbuffered();
          a.send(6);
          return () -> Select.<Integer>select(a.onReceive(), b.onReceive()) == 6;
        }),
    SELECT_DEFAULT(
        () ->
            () ->
                Select.select(
                    Channel.<Integer>unbuffered().onReceiveApply(v -> false),
                    Select.otherwise(() -> true))),
    // A zero timeout is a default (SEMANTICS.md): it never waits, so it is no reason to throw.
    SELECT_ZERO_TIMEOUT(
        () ->
            () ->
                Select.select(
                    Channel.<Integer>unbuffered().onReceiveApply(v -> false),
                    Select.timeout(java.time.Duration.ZERO, () -> true))),
    SELECT_ZERO_TIMEOUT_AMONG_TWO_CHANNELS(
        () ->
            () ->
                Select.select(
                    Channel.<Integer>unbuffered().onReceiveApply(v -> false),
                    Channel.<Integer>buffered(1).onReceiveApply(v -> false),
                    Select.timeout(java.time.Duration.ZERO, () -> true))),
    SELECT_ONLY_A_ZERO_TIMEOUT(() -> () -> Select.select(Select.timeout(java.time.Duration.ZERO, () -> true))),
    TIMED_RECEIVE_ZERO(() -> () -> Channel.<Integer>unbuffered().tryReceive(java.time.Duration.ZERO) instanceof ReceiveResult.WouldBlock),
    TIMED_SEND_ZERO(
        () -> () -> Channel.<Integer>unbuffered().trySend(1, java.time.Duration.ZERO) == SendResult.WOULD_BLOCK),
    WAIT_GROUP_AT_ZERO(
        () -> {
          WaitGroup wg = new WaitGroup();
          return () -> {
            wg.await();
            return wg.await(LONG);
          };
        }),
    SLEEP_ZERO(
        () ->
            () -> {
              Time.sleep(Duration.ZERO);
              return true;
            });

    final Supplier<Supplier<Boolean>> setUp;

    private static int spinReceive(Channel<Integer> ch) {
      ReceiveResult<Integer> r;
      while (!(r = ch.tryReceive()).hasValue()) {
        Thread.onSpinWait();
      }
      return r.value();
    }

    CanProceed(Supplier<Supplier<Boolean>> setUp) {
      this.setUp = setUp;
    }
  }

  @ParameterizedTest
  @EnumSource(CanProceed.class)
  void anInterruptedThreadCompletesAnOperationThatNeedNotBlock(CanProceed op) {
    Supplier<Boolean> body = op.setUp.get();
    Spawned<Boolean> run =
        Spawned.call(
            () -> {
              Thread.currentThread().interrupt();
              return body.get();
            });
    assertThat(run.get()).isTrue();
    assertThat(run.interruptedAtEnd()).as("the interrupt status is not consumed").isTrue();
  }

  // ---------------------------------------------------------------- no value lost

  /**
   * Receivers and senders are interrupted at random while values flow. An interrupted receive
   * either got its value (returned) or took nothing (threw); an interrupted send either delivered
   * (returned) or did not (threw, and is retried). So every value arrives exactly once.
   */
  @Test
  void noValueIsLostOrDuplicatedByAnInterrupt() {
    // Rounds until the storms have interrupted enough blocked operations to mean something
    // (how many a round gets depends on timing), at least 8 rounds and at most 200.
    int interrupted = 0;
    int rounds = 0;
    while (rounds < 8 || (interrupted < Stress.scaled(100) && rounds < 200)) {
      interrupted += interruptStorm(Channel.buffered(rounds % 2 == 0 ? 0 : 2));
      rounds++;
    }
    assertThat(interrupted).as("blocked operations the storms interrupted").isPositive();
  }

  /** One storm; returns how many operations it interrupted (each threw and was redone). */
  private static int interruptStorm(Channel<Integer> ch) {
    int senders = 3;
    int receivers = 5;
    int perSender = 2_000;
    int total = senders * perSender;
    AtomicIntegerArray received = new AtomicIntegerArray(total);
    List<Spawned<Integer>> receiving = new ArrayList<>();
    for (int r = 0; r < receivers; r++) {
      receiving.add(
          Spawned.call(
              () -> {
                int interruptions = 0;
                while (true) {
                  try {
                    Integer v =
                        ThreadLocalRandom.current().nextBoolean()
                            ? ch.receiveOrNull()
                            : Select.select(
                                ch.onReceive(), Channel.<Integer>unbuffered().onReceive());
                    if (v == null) {
                      return interruptions;
                    }
                    received.incrementAndGet(v);
                  } catch (OperationInterruptedException e) {
                    interruptions++;
                  }
                  Thread.interrupted(); // a late interrupt must not hit the next receive
                }
              }));
    }
    List<Spawned<Integer>> sending = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int base = s * perSender;
      sending.add(
          Spawned.call(
              () -> {
                int interruptions = 0;
                for (int i = 0; i < perSender; i++) {
                  while (true) {
                    try {
                      ch.send(base + i);
                      break;
                    } catch (OperationInterruptedException e) {
                      interruptions++; // not delivered: send it again
                    } finally {
                      Thread.interrupted();
                    }
                  }
                }
                return interruptions;
              }));
    }
    AtomicBoolean storming = new AtomicBoolean(true);
    List<Thread> targets = new ArrayList<>();
    receiving.forEach(r -> targets.add(r.thread));
    sending.forEach(s -> targets.add(s.thread));
    Spawned<Integer> interrupter =
        Spawned.callOnPlatform(
            () -> {
              int n = 0;
              ThreadLocalRandom rnd = ThreadLocalRandom.current();
              while (storming.get()) {
                Thread target = targets.get(rnd.nextInt(targets.size()));
                // Mostly aim at parked threads: an interrupt that races a hand-off is the point.
                if (rnd.nextInt(4) == 0 || target.getState() == Thread.State.WAITING) {
                  target.interrupt();
                  n++;
                }
                for (int spin = rnd.nextInt(300); spin > 0; spin--) {
                  Thread.onSpinWait();
                }
              }
              return n;
            });
    int senderInterruptions = 0;
    for (Spawned<Integer> s : sending) {
      senderInterruptions += s.get();
    }
    storming.set(false);
    interrupter.get();
    ch.close();
    int receiverInterruptions = 0;
    for (Spawned<Integer> r : receiving) {
      receiverInterruptions += r.get();
    }
    for (int v = 0; v < total; v++) {
      assertThat(received.get(v)).as("value %d", v).isEqualTo(1);
    }
    return senderInterruptions + receiverInterruptions;
  }
}

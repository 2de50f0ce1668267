package dev.kanal;

import static dev.kanal.Select.otherwise;
import static dev.kanal.Select.select;
import static dev.kanal.Select.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Go's {@code select}: every clause of the spec, plus the cases where implementations slip. */
class SelectTest {

  private static final Duration SHORT = Duration.ofMillis(50);
  private static final Duration PATIENCE = Spawned.PATIENCE;

  // ---------------------------------------------------------------- fairness

  /**
   * 3 ready cases, 30,000 rounds: each case's share must be within 1/3 +- 0.03. A uniform choice
   * has a standard deviation of 0.0027 here, so the bound is 11 sigma away: this cannot flake, and
   * a biased choice (say, always the first ready case in order) fails at once.
   */
  @Test
  void readyReceiveCasesArePickedUniformlyAtRandom() {
    int n = 3;
    int rounds = 30_000;
    List<Channel<Integer>> chans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Channel<Integer> ch = Channel.buffered(1);
      ch.send(i);
      chans.add(ch);
    }
    int[] picked = new int[n];
    for (int r = 0; r < rounds; r++) {
      int i =
          select(
              chans.get(0).onReceiveApply(v -> v),
              chans.get(1).onReceiveApply(v -> v),
              chans.get(2).onReceiveApply(v -> v));
      picked[i]++;
      chans.get(i).send(i); // ready again
    }
    assertShares(picked, rounds, 1.0 / n, 0.03);
  }

  @Test
  void readySendAndReceiveCasesMixedArePickedUniformly() {
    int rounds = 30_000;
    Channel<Integer> in1 = Channel.buffered(1);
    Channel<Integer> in2 = Channel.buffered(1);
    Channel<Integer> out = Channel.buffered(1);
    in1.send(0);
    in2.send(1);
    int[] picked = new int[3];
    for (int r = 0; r < rounds; r++) {
      int i =
          select(in1.onReceiveApply(v -> 0), out.onSend(2, () -> 2), in2.onReceiveApply(v -> 1));
      picked[i]++;
      switch (i) {
        case 0 -> in1.send(0);
        case 1 -> in2.send(1);
        default -> out.receive();
      }
    }
    assertShares(picked, rounds, 1.0 / 3, 0.03);
  }

  @Test
  void aCaseThatIsNotReadyIsNeverPickedAndTheReadyOnesShareEvenly() {
    int rounds = 20_000;
    Channel<Integer> a = Channel.buffered(1);
    Channel<Integer> b = Channel.buffered(1);
    Channel<Integer> empty = Channel.buffered(1);
    Channel<Integer> full = Channel.buffered(1);
    full.send(-1);
    a.send(0);
    b.send(1);
    int[] picked = new int[2];
    for (int r = 0; r < rounds; r++) {
      int i =
          select(
              empty.onReceiveApply(v -> 2),
              a.onReceiveApply(v -> 0),
              full.onSend(9, () -> 3),
              b.onReceiveApply(v -> 1));
      picked[i]++;
      (i == 0 ? a : b).send(i);
    }
    assertShares(picked, rounds, 0.5, 0.03);
  }

  /**
   * Two channel cases take their own path (polled without locks in one random order, inline): two
   * ready receives, and a ready send beside a ready receive, each get half the picks. 0.5 +- 0.03
   * over 20,000 rounds is more than 8 sigma.
   */
  @Test
  void twoReadyCasesArePickedHalfTheTimeEach() {
    int rounds = 20_000;
    Channel<Integer> a = Channel.buffered(1);
    Channel<Integer> b = Channel.buffered(1);
    Channel<Integer> out = Channel.buffered(1);
    a.send(0);
    b.send(1);
    int[] receives = new int[2];
    int[] mixed = new int[2];
    for (int r = 0; r < rounds; r++) {
      int i = select(a.onReceiveApply(v -> 0), b.onReceiveApply(v -> 1));
      receives[i]++;
      (i == 0 ? a : b).send(i);
      int j = select(out.onSend(7, () -> 0), a.onReceiveApply(v -> 1));
      mixed[j]++;
      if (j == 0) {
        assertThat(out.receive()).isEqualTo(7);
      } else {
        a.send(0);
      }
    }
    assertShares(receives, rounds, 0.5, 0.03);
    assertShares(mixed, rounds, 0.5, 0.03);
  }

  /**
   * Two ready cases, one of which only the lock can take: a receive from an unbuffered channel
   * whose sender waits (select never takes a hand-off without the lock). Each must still be picked
   * half the time. The two-case path polls without locks in a random order and stops at the case
   * that needs the lock; had the locked pass drawn its order again, the case that is ready without
   * the lock would win three times in four.
   */
  @Test
  void twoReadyCasesArePickedHalfTheTimeEachWhenOnlyTheLockCanTakeOne() {
    int rounds = 5_000;
    Channel<Integer> locked = Channel.unbuffered();
    Channel<Integer> free = Channel.buffered(1);
    free.send(1);
    AtomicInteger sends = new AtomicInteger();
    Thread sender =
        Go.go(
            () -> {
              try {
                while (true) {
                  sends.incrementAndGet();
                  locked.send(0);
                }
              } catch (ChannelClosedException done) {
                // the test is over
              }
            });
    int[] picked = new int[2];
    for (int r = 0; r < rounds; r++) {
      awaitBlockedInSend(sender, sends, picked[0] + 1);
      int i = select(locked.onReceiveApply(v -> 0), free.onReceiveApply(v -> 1));
      picked[i]++;
      if (i == 1) {
        free.send(1);
      }
    }
    locked.close();
    // 0.5 +- 0.05 over 5,000 rounds is more than 7 sigma; the bias above would be 0.25 off.
    assertShares(picked, rounds, 0.5, 0.05);
  }

  /** Waits until {@code sender} has begun its {@code n}th send and is parked in it. */
  private static void awaitBlockedInSend(Thread sender, AtomicInteger sends, int n) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    // The count first: a WAITING read after it is this send's park, not the one before.
    while (sends.get() != n || sender.getState() != Thread.State.WAITING) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the sender did not block in send #" + n + " in " + PATIENCE);
      }
      Thread.onSpinWait();
    }
  }

  /**
   * Up to 16 cases the poll order is packed into a long, beyond that it is an array: at both sides
   * of that edge (with a nil-channel case first, so that the last case index is 15 or 16), every
   * ready case gets its share. 1/n +- 0.35/n over 2,000 n rounds is more than 10 sigma.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} channel cases")
  @org.junit.jupiter.params.provider.ValueSource(ints = {2, 15, 16, 17})
  void readyCasesArePickedUniformlyOnBothSidesOfThePackedOrder(int n) {
    int rounds = 2_000 * n;
    List<Channel<Integer>> chans = new ArrayList<>();
    List<SelectCase<Integer>> cases = new ArrayList<>();
    cases.add(Select.onReceiveApply((Channel<Integer>) null, v -> -1));
    for (int i = 0; i < n; i++) {
      Channel<Integer> ch = Channel.buffered(1);
      ch.send(i);
      chans.add(ch);
      cases.add(ch.onReceiveApply(v -> v));
    }
    int[] picked = new int[n];
    for (int r = 0; r < rounds; r++) {
      int i = select(cases);
      picked[i]++;
      chans.get(i).send(i);
    }
    assertShares(picked, rounds, 1.0 / n, 0.35 / n);
  }

  private static void assertShares(int[] picked, int rounds, double expected, double tolerance) {
    for (int i = 0; i < picked.length; i++) {
      assertThat((double) picked[i] / rounds)
          .as("share of case %d (counts %s)", i, java.util.Arrays.toString(picked))
          .isBetween(expected - tolerance, expected + tolerance);
    }
  }

  // ---------------------------------------------------------------- default and timeout

  @Test
  void theDefaultCaseRunsWhenNoOtherCaseIsReady() {
    Channel<String> ch = Channel.unbuffered();
    Channel<String> full = Channel.buffered(1);
    full.send("x");
    String r = select(ch.onReceive(), full.onSend("y", () -> "sent"), otherwise(() -> "default"));
    assertThat(r).isEqualTo("default");
    AtomicInteger ran = new AtomicInteger();
    Object none =
        select(
            ch.onReceive(v -> {}),
            otherwise(
                () -> {
                  ran.incrementAndGet();
                }));
    assertThat(none).isNull();
    assertThat(ran).hasValue(1);
    assertThat(full.len()).as("the send case did not send").isEqualTo(1);
  }

  @Test
  void theDefaultCaseIsNotChosenWhenACaseIsReady() {
    for (int i = 0; i < 1_000; i++) {
      Channel<String> empty = Channel.buffered(1);
      Channel<String> ready = Channel.buffered(1);
      ready.send("v");
      assertThat(select(empty.onReceive(), ready.onReceive(), otherwise(() -> "default")))
          .isEqualTo("v");
      assertThat(select(ready.onReceive(), otherwise(() -> "default"))).isEqualTo("default");
    }
  }

  @Test
  void aSelectWithOnlyADefaultRunsIt() {
    assertThat(select(otherwise(() -> "only"))).isEqualTo("only");
  }

  @Test
  void theTimeoutCaseRunsWhenNothingBecomesReadyInTime() {
    Channel<String> a = Channel.unbuffered();
    Channel<String> b = Channel.unbuffered();
    long start = System.nanoTime();
    String r = select(a.onReceive(), b.onReceive(), timeout(SHORT, () -> "timeout"));
    assertThat(r).isEqualTo("timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);

    start = System.nanoTime();
    r = select(a.onReceive(), timeout(SHORT, () -> "timeout"));
    assertThat(r).as("one channel case takes the plain channel path").isEqualTo("timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);

    start = System.nanoTime();
    AtomicInteger ran = new AtomicInteger();
    assertThat(
            (Object)
                select(
                    timeout(
                        SHORT,
                        () -> {
                          ran.incrementAndGet();
                        })))
        .isNull();
    assertThat(ran).hasValue(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
  }

  @Test
  void aCaseThatBecomesReadyBeforeTheTimeoutWins() {
    Channel<String> a = Channel.unbuffered();
    Channel<String> b = Channel.unbuffered();
    Spawned<String> selecting =
        Spawned.call(() -> select(a.onReceive(), b.onReceive(), timeout(PATIENCE, () -> "timeout")))
            .awaitBlocked();
    b.send("b");
    assertThat(selecting.get()).isEqualTo("b");
  }

  @Test
  void aZeroTimeoutActsLikeADefault() {
    Channel<String> a = Channel.unbuffered();
    Channel<String> b = Channel.buffered(1);
    assertThat(select(a.onReceive(), b.onReceive(), timeout(Duration.ZERO, () -> "t")))
        .isEqualTo("t");
    b.send("v");
    assertThat(select(a.onReceive(), b.onReceive(), timeout(Duration.ZERO, () -> "t")))
        .isEqualTo("v");
  }

  // ---------------------------------------------------------------- null and closed channels

  @Test
  void aCaseOnANullChannelNeverFires() {
    ReceiveChannel<String> nilRx = null;
    SendChannel<String> nilTx = null;
    String r =
        select(
            Select.onReceiveApply(nilRx, v -> "received from nil"),
            Select.onSend(nilTx, "x", () -> "sent to nil"),
            timeout(SHORT, () -> "timeout"));
    assertThat(r).isEqualTo("timeout");
    assertThat(
            select(
                Select.onReceiveApply(nilRx, v -> "received from nil"),
                Select.onSend(nilTx, "x", () -> "sent to nil"),
                otherwise(() -> "default")))
        .isEqualTo("default");

    Channel<String> real = Channel.buffered(1);
    real.send("real");
    for (int i = 0; i < 200; i++) {
      AtomicReference<String> got = new AtomicReference<>();
      select(
          Select.onReceive(nilRx, v -> got.set("nil")),
          Select.onReceive(real, got::set),
          Select.onSend(nilTx, "x", () -> got.set("nil send")));
      assertThat(got).hasValue("real");
      real.send("real");
    }
  }

  @Test
  void aReceiveCaseOnAClosedChannelIsReadyAndGetsNull() {
    Channel<String> closed = Channel.unbuffered();
    closed.close();
    Channel<String> never = Channel.unbuffered();
    for (int i = 0; i < 100; i++) {
      AtomicReference<String> got = new AtomicReference<>("untouched");
      select(closed.onReceive(got::set), never.onReceive(v -> got.set("never")));
      assertThat(got.get()).isNull();
      String r = select(never.onReceive(), closed.onReceive(), otherwise(() -> "default"));
      assertThat(r).isNull();
      String how = select(closed.onReceiveApply(v -> v == null ? "closed" : v));
      assertThat(how).isEqualTo("closed");
    }
  }

  @Test
  void aClosedBufferedChannelDeliversItsValuesToSelectBeforeNull() {
    Channel<Integer> ch = Channel.buffered(3);
    ch.send(1);
    ch.send(2);
    ch.close();
    Channel<Integer> never = Channel.unbuffered();
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      got.add(select(ch.onReceive(), never.onReceive()));
    }
    assertThat(got).containsExactly(1, 2, null);
  }

  @Test
  void aBlockedSelectWakesWithNullWhenItsChannelIsClosed() {
    Channel<String> a = Channel.unbuffered();
    Channel<String> b = Channel.unbuffered();
    Spawned<String> selecting =
        Spawned.call(() -> select(a.onReceiveApply(v -> "a " + v), b.onReceiveApply(v -> "b " + v)))
            .awaitBlocked();
    b.close();
    assertThat(selecting.get()).isEqualTo("b null");
  }

  @Test
  void aSendCaseOnAClosedChannelThrows() {
    Channel<String> closed = Channel.buffered(1);
    closed.close();
    Channel<String> never = Channel.unbuffered();
    assertThatThrownBy(() -> select(closed.onSend("x"), never.onReceive(v -> {})))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("send on closed channel");
    assertThatThrownBy(() -> select(closed.onSend("x"), otherwise(() -> {})))
        .as("even with a default: Go panics")
        .isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> select(closed.onSend("x"))).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void aSelectBlockedOnASendThrowsWhenThatChannelIsClosed() {
    Channel<String> full = Channel.buffered(1);
    full.send("old");
    Channel<String> never = Channel.unbuffered();
    Spawned<Void> selecting =
        Spawned.call(() -> select(full.onSend("new"), never.onReceive(v -> {}))).awaitBlocked();
    full.close();
    assertThat(selecting.failure())
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("send on closed channel");
    assertThat(full.receive()).isEqualTo("old");
    assertThat(full.receiveOrNull()).as("the select's value was not sent").isNull();
  }

  // ---------------------------------------------------------------- mixed cases

  @Test
  void aBlockedSelectFiresTheSendCaseWhenAReceiverComes() {
    Channel<String> out = Channel.unbuffered();
    Channel<String> in = Channel.unbuffered();
    Spawned<String> selecting =
        Spawned.call(
                () -> select(out.onSend("hello", () -> "sent"), in.onReceiveApply(v -> "got " + v)))
            .awaitBlocked();
    assertThat(out.receive()).isEqualTo("hello");
    assertThat(selecting.get()).isEqualTo("sent");
    assertThat(in.trySend("late"))
        .as("the receive case stopped waiting")
        .isEqualTo(SendResult.WOULD_BLOCK);
  }

  @Test
  void aBlockedSelectFiresTheReceiveCaseWhenASenderComes() {
    Channel<String> out = Channel.unbuffered();
    Channel<String> in = Channel.unbuffered();
    Spawned<String> selecting =
        Spawned.call(
                () -> select(out.onSend("hello", () -> "sent"), in.onReceiveApply(v -> "got " + v)))
            .awaitBlocked();
    in.send("world");
    assertThat(selecting.get()).isEqualTo("got world");
    assertThat(out.tryReceive().hasValue()).as("the send case did not send").isFalse();
  }

  @Test
  void theSameChannelInTwoReceiveCasesDeliversEachValueOnce() {
    Channel<Integer> ch = Channel.unbuffered();
    Spawned<String> selecting =
        Spawned.call(
                () ->
                    select(
                        ch.onReceiveApply(v -> "first " + v),
                        ch.onReceiveApply(v -> "second " + v)))
            .awaitBlocked();
    ch.send(1);
    assertThat(selecting.get()).isIn("first 1", "second 1");
    assertThat(ch.trySend(2)).as("no second waiter left behind").isEqualTo(SendResult.WOULD_BLOCK);
  }

  @Test
  void theSameChannelInASendAndAReceiveCase() {
    Channel<Integer> buffered = Channel.buffered(1);
    // Empty: only the send is ready.
    String first =
        select(buffered.onSend(1, () -> "sent"), buffered.onReceiveApply(v -> "got " + v));
    assertThat(first).isEqualTo("sent");
    // Full: only the receive is ready.
    String second =
        select(buffered.onSend(2, () -> "sent"), buffered.onReceiveApply(v -> "got " + v));
    assertThat(second).isEqualTo("got 1");

    // Unbuffered: a select cannot pair with itself; another party completes one of its cases.
    Channel<Integer> ch = Channel.unbuffered();
    Spawned<String> selecting =
        Spawned.call(() -> select(ch.onSend(7, () -> "sent"), ch.onReceiveApply(v -> "got " + v)))
            .awaitBlocked();
    assertThat(ch.receive()).isEqualTo(7);
    assertThat(selecting.get()).isEqualTo("sent");
  }

  @RepeatedTest(3)
  void twoSelectsOnDifferentGoroutinesMatchEachOther() {
    Channel<Integer> c1 = Channel.unbuffered();
    Channel<Integer> c2 = Channel.unbuffered();
    int rounds = Stress.scaled(5_000);
    Spawned<int[]> senders =
        Spawned.callOnPlatform(
            () -> {
              int[] via = new int[2];
              for (int i = 0; i < rounds; i++) {
                int k = select(c1.onSend(i, () -> 0), c2.onSend(i, () -> 1));
                via[k]++;
              }
              return via;
            });
    int[] via = new int[2];
    for (int i = 0; i < rounds; i++) {
      int got = select(c1.onReceiveApply(v -> v), c2.onReceiveApply(v -> v + 1_000_000));
      via[got >= 1_000_000 ? 1 : 0]++;
      assertThat(got % 1_000_000).as("values arrive once each, in order").isEqualTo(i);
    }
    assertThat(senders.get()).isEqualTo(via);
  }

  @Test
  void selectOverManyChannelsWithTheListOverload() {
    int n = 64;
    List<Channel<Integer>> chans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chans.add(Channel.unbuffered());
    }
    for (int round = 0; round < 200; round++) {
      int target = ThreadLocalRandom.current().nextInt(n);
      List<SelectCase<String>> cases = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int idx = i;
        cases.add(chans.get(i).onReceiveApply(v -> idx + ":" + v));
      }
      Spawned<Void> sender = Spawned.run(() -> chans.get(target).send(round(target)));
      String got = select(cases);
      sender.get();
      assertThat(got).isEqualTo(target + ":" + round(target));
      for (Channel<Integer> ch : chans) {
        assertThat(ch.trySend(0))
            .as("no waiter of the select left behind")
            .isEqualTo(SendResult.WOULD_BLOCK);
      }
    }
  }

  private static int round(int target) {
    return target * 10;
  }

  // ---------------------------------------------------------------- no lost values

  /**
   * A select that waited on A and B and fired on A leaves a waiter on B until it unlinks it: a
   * sender on B must skip that waiter, never hand it a value. Deterministic version.
   */
  @Test
  void aSelectThatFiredOnOneChannelTakesNothingFromTheOthers() {
    Channel<Integer> a = Channel.unbuffered();
    Channel<Integer> b = Channel.unbuffered();
    for (int i = 0; i < 500; i++) {
      Spawned<Integer> selecting =
          Spawned.call(() -> select(a.onReceive(), b.onReceive())).awaitBlocked();
      a.send(i);
      assertThat(selecting.get()).isEqualTo(i);
      assertThat(b.trySend(-1)).isEqualTo(SendResult.WOULD_BLOCK);
      Spawned<Integer> receiver = Spawned.call(b::receive).awaitBlocked();
      assertThat(b.trySend(i)).isEqualTo(SendResult.SENT);
      assertThat(receiver.get()).isEqualTo(i);
    }
  }

  /**
   * Stress: consumers select over several unbuffered and buffered channels while producers send on
   * them with plain sends; every value arrives exactly once and nothing hangs. A select waiter that
   * swallowed a value after its select fired elsewhere would lose it.
   */
  @RepeatedTest(3)
  void selectsWaitingOnSeveralChannelsLoseNoValues() throws Exception {
    int channels = 4;
    int producers = 4;
    int consumers = 6;
    int perProducer = Stress.scaled(5_000);
    int total = producers * perProducer;
    List<Channel<Integer>> chans = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      chans.add(i % 2 == 0 ? Channel.unbuffered() : Channel.buffered(2));
    }
    AtomicIntegerArray seen = new AtomicIntegerArray(total);
    AtomicInteger received = new AtomicInteger();
    Channel<Integer> stop = Channel.unbuffered();
    List<Spawned<Void>> all = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      all.add(
          Spawned.run(
              () -> {
                List<SelectCase<Boolean>> cases = new ArrayList<>();
                for (Channel<Integer> ch : chans) {
                  cases.add(
                      ch.onReceiveApply(
                          v -> {
                            seen.incrementAndGet(v);
                            received.incrementAndGet();
                            return true;
                          }));
                }
                cases.add(stop.onReceiveApply(v -> false));
                while (select(cases)) {
                  // keep receiving until stop is closed
                }
              }));
    }
    List<Spawned<Void>> senders = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      senders.add(
          Spawned.run(
              () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < perProducer; i++) {
                  chans.get(rnd.nextInt(channels)).send(base + i);
                }
              }));
    }
    senders.forEach(Spawned::get);
    org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> received.get() == total);
    stop.close();
    all.forEach(Spawned::get);
    for (int v = 0; v < total; v++) {
      assertThat(seen.get(v)).as("value %d", v).isEqualTo(1);
    }
  }

  // ---------------------------------------------------------------- results and handlers

  @Test
  void eachCaseFormReturnsWhatItShould() {
    Channel<String> ch = Channel.buffered(1);
    ch.send("v");
    assertThat(select(ch.onReceive())).isEqualTo("v");
    ch.send("w");
    AtomicReference<String> got = new AtomicReference<>();
    assertThat((Object) select(ch.onReceive(got::set))).isNull();
    assertThat(got).hasValue("w");
    assertThat(select(ch.onSend("x", () -> "supplied"))).isEqualTo("supplied");
    ch.receive();
    AtomicInteger ran = new AtomicInteger();
    assertThat(
            (Object)
                select(
                    ch.onSend(
                        "y",
                        () -> {
                          ran.incrementAndGet();
                        })))
        .isNull();
    assertThat(ran).hasValue(1);
    ch.receive();
    assertThat((Object) select(ch.onSend("z"))).isNull();
    assertThat(ch.receive()).isEqualTo("z");
    assertThat((Object) select(Select.onSend(ch, "n", (Runnable) null))).isNull();
    assertThat(ch.receive()).isEqualTo("n");
  }

  @Test
  void theHandlerRunsAfterEveryChannelLockIsReleased() {
    Channel<Integer> a = Channel.buffered(1);
    Channel<Integer> b = Channel.buffered(1);
    a.send(1);
    // The handler waits for another thread to use both channels: held locks would deadlock it.
    String r =
        select(
            a.onReceiveApply(
                v -> {
                  Spawned.run(
                          () -> {
                            a.send(2);
                            b.send(3);
                          })
                      .get();
                  return "handled " + v;
                }),
            b.onReceiveApply(v -> "b " + v));
    assertThat(r).isEqualTo("handled 1");
    assertThat(a.receive()).isEqualTo(2);
    assertThat(b.receive()).isEqualTo(3);
  }

  @Test
  void anExceptionFromAHandlerReachesTheCallerAfterTheCaseRan() {
    Channel<Integer> a = Channel.buffered(1);
    Channel<Integer> b = Channel.unbuffered();
    a.send(1);
    assertThatThrownBy(
            () ->
                select(
                    a.onReceive(
                        v -> {
                          throw new IllegalStateException("handler failed on " + v);
                        }),
                    b.onReceive(v -> {})))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("handler failed on 1");
    assertThat(a.len()).as("the value was received before the handler ran").isZero();
  }

  @Test
  void aCaseCanBeBuiltOnceAndUsedManyTimes() {
    Channel<Integer> ch = Channel.buffered(10);
    SelectCase<Integer> take = ch.onReceive();
    SelectCase<Integer> dflt = otherwise(() -> -1);
    for (int i = 0; i < 10; i++) {
      ch.send(i);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(select(take, dflt)).isEqualTo(i);
    }
    assertThat(select(take, dflt)).isEqualTo(-1);
  }

  /**
   * Two-case selects of one channel and a default or timeout take a shortcut past the general
   * algorithm; in either order, they must still behave as Go's select.
   */
  @Test
  void aTwoCaseSelectWithADefaultOrATimeoutBehavesTheSameInEitherOrder() {
    Channel<Integer> ch = Channel.buffered(2);
    assertThat(select(otherwise(() -> -1), ch.onReceive())).isEqualTo(-1);
    ch.send(1);
    assertThat(select(otherwise(() -> -1), ch.onReceive())).isEqualTo(1);
    assertThat(select(timeout(SHORT, () -> -2), ch.onReceive())).isEqualTo(-2);
    ch.send(2);
    assertThat(select(ch.onReceive(), timeout(SHORT, () -> -2))).isEqualTo(2);
    assertThat(select(otherwise(() -> "full"), ch.onSend(3, () -> "sent"))).isEqualTo("sent");

    ReceiveChannel<Integer> nil = null;
    assertThat(select(Select.onReceiveApply(nil, v -> 0), otherwise(() -> -3)))
        .as("a nil channel never fires")
        .isEqualTo(-3);
    assertThat(select(timeout(SHORT, () -> -4), Select.onReceiveApply(nil, v -> 0))).isEqualTo(-4);

    ch.close();
    assertThat(select(otherwise(() -> -1), ch.onReceive())).as("buffered value first").isEqualTo(3);
    assertThat(select(otherwise(() -> -1), ch.onReceive())).as("then closed: null").isNull();
    assertThatThrownBy(() -> select(otherwise(() -> "full"), ch.onSend(4, () -> "sent")))
        .isInstanceOf(ChannelClosedException.class);
  }

  // ---------------------------------------------------------------- validation

  @Test
  void twoDefaultsAreRejected() {
    assertThatThrownBy(() -> select(otherwise(() -> 1), otherwise(() -> 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a select has at most one default case");
  }

  @Test
  void twoTimeoutsAreRejected() {
    assertThatThrownBy(() -> select(timeout(SHORT, () -> 1), timeout(SHORT, () -> 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a select has at most one timeout case");
  }

  @Test
  void aDefaultAndATimeoutTogetherAreRejected() {
    Channel<Integer> ch = Channel.buffered(1);
    ch.send(1);
    assertThatThrownBy(() -> select(ch.onReceive(), otherwise(() -> 1), timeout(SHORT, () -> 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot have both a default and a timeout");
    assertThat(ch.len()).as("a rejected select does nothing").isEqualTo(1);
  }

  @Test
  void nullCasesHandlersAndValuesAreRejected() {
    Channel<Integer> ch = Channel.buffered(1);
    assertThatThrownBy(() -> select(ch.onReceive(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("a select case is null");
    assertThatThrownBy(() -> ch.onReceive((java.util.function.Consumer<Integer>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("handler");
    assertThatThrownBy(() -> ch.onReceiveApply(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("handler");
    assertThatThrownBy(() -> Select.onSend(ch, null, () -> 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("cannot send null");
    assertThatThrownBy(() -> otherwise((Runnable) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> timeout(null, () -> 1)).isInstanceOf(NullPointerException.class);
  }
}

package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The channel contract (Go's spec for channels, send, receive, close, len, cap and range), run
 * against every {@link ChannelKind}: unbuffered, buffered 1, buffered N, and the send-only /
 * receive-only views. Tests send through {@code tx} and receive through {@code rx}, so the views
 * are exercised exactly like the channel itself.
 */
class ChannelContractTest {

  private static final Duration SHORT = Duration.ofMillis(50);
  private static final Duration PATIENCE = Spawned.PATIENCE;

  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kanal.ChannelKind#all")
  @interface Contract {}

  /** Fills a buffered channel's buffer with 1..capacity (nothing for an unbuffered one). */
  private static void fill(ChannelKind.Ends<Integer> c) {
    for (int i = 1; i <= c.channel().capacity(); i++) {
      assertThat(c.tx().trySend(i)).isEqualTo(SendResult.SENT);
    }
  }

  private static List<Integer> drainUntilWouldBlock(ReceiveChannel<Integer> rx) {
    List<Integer> out = new ArrayList<>();
    ReceiveResult<Integer> r;
    while ((r = rx.tryReceive()).hasValue()) {
      out.add(r.value());
    }
    return out;
  }

  private static List<Integer> upTo(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  // ---------------------------------------------------------------- send and receive

  @Contract
  void valuesArriveInTheOrderTheyWereSent(ChannelKind kind) {
    var c = kind.make();
    Spawned<Void> producer =
        Spawned.run(
            () -> {
              for (int i = 1; i <= 200; i++) {
                c.tx().send(i);
              }
            });
    List<Integer> got = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      got.add(c.rx().receive());
    }
    producer.get();
    assertThat(got).isEqualTo(upTo(200));
  }

  @Contract
  void sendBlocksOnlyWhenNoReceiverWaitsAndTheBufferIsFull(ChannelKind kind) {
    var c = kind.make();
    int cap = kind.capacity();
    for (int i = 1; i <= cap; i++) {
      c.tx().send(i); // room in the buffer: returns without a receiver
    }
    assertThat(c.channel().len()).isEqualTo(cap);

    Spawned<Void> sender = Spawned.run(() -> c.tx().send(99)).awaitBlocked();
    assertThat(sender.isDone()).as("a send to a full channel waits for a receiver").isFalse();

    int first = c.rx().receive();
    sender.get(); // the receive made room (or took the value): the send completes
    assertThat(first).isEqualTo(cap == 0 ? 99 : 1);
    List<Integer> rest = drainUntilWouldBlock(c.rx());
    List<Integer> expected = new ArrayList<>(upTo(cap));
    expected.add(99);
    expected.remove(Integer.valueOf(first));
    assertThat(rest).as("FIFO, the blocked sender's value last").isEqualTo(expected);
  }

  @Contract
  void unbufferedSendCompletesOnlyWhenAReceiverTakesTheValue(ChannelKind kind) {
    var c = kind.make();
    fill(c);
    Spawned<Void> sender = Spawned.run(() -> c.tx().send(7)).awaitBlocked();
    assertThat(sender.isDone()).isFalse();
    if (kind.capacity() == 0) {
      assertThat(c.channel().len()).as("an unbuffered channel never holds a value").isZero();
      assertThat(c.rx().receive()).isEqualTo(7);
    } else {
      assertThat(c.rx().receive()).isEqualTo(1);
    }
    sender.get();
  }

  @Contract
  void receiveBlocksUntilAValueIsSent(ChannelKind kind) {
    var c = kind.make();
    Spawned<Integer> receiver = Spawned.call(() -> c.rx().receive()).awaitBlocked();
    assertThat(receiver.isDone()).isFalse();
    c.tx().send(42);
    assertThat(receiver.get()).isEqualTo(42);
    assertThat(c.channel().len()).as("handed straight to the waiting receiver").isZero();
  }

  @Contract
  void aBlockedReceiverTakesABufferedSendersValueBeforeTheBufferFills(ChannelKind kind) {
    var c = kind.make();
    List<Spawned<Integer>> receivers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      receivers.add(Spawned.call(() -> c.rx().receive()).awaitBlocked());
    }
    for (int i = 1; i <= 3; i++) {
      c.tx().send(i);
    }
    assertThat(receivers.stream().map(Spawned::get)).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(c.channel().len()).isZero();
  }

  // ---------------------------------------------------------------- non-blocking and timed

  @Contract
  void trySendSendsOnlyWhenItNeedNotBlock(ChannelKind kind) {
    var c = kind.make();
    for (int i = 1; i <= kind.capacity(); i++) {
      assertThat(c.tx().trySend(i)).isEqualTo(SendResult.SENT);
    }
    assertThat(c.tx().trySend(100)).isEqualTo(SendResult.WOULD_BLOCK);
    assertThat(SendResult.WOULD_BLOCK.isSent()).isFalse();
    assertThat(c.channel().len()).isEqualTo(kind.capacity());
    assertThat(drainUntilWouldBlock(c.rx()))
        .as("the refused value is not in the channel")
        .isEqualTo(upTo(kind.capacity()));

    Spawned<Integer> receiver = Spawned.call(() -> c.rx().receive()).awaitBlocked();
    SendResult r = c.tx().trySend(5);
    assertThat(r).as("a waiting receiver makes the send possible").isEqualTo(SendResult.SENT);
    assertThat(r.isSent()).isTrue();
    assertThat(receiver.get()).isEqualTo(5);
  }

  @Contract
  void tryReceiveReceivesOnlyWhenItNeedNotBlock(ChannelKind kind) {
    var c = kind.make();
    ReceiveResult<Integer> empty = c.rx().tryReceive();
    assertThat(empty).isInstanceOf(ReceiveResult.WouldBlock.class);
    assertThat(empty.hasValue()).isFalse();
    assertThat(empty.isClosed()).isFalse();
    assertThat(empty.valueOrNull()).isNull();
    assertThatThrownBy(empty::value).isInstanceOf(NoSuchElementException.class);

    Spawned<Void> sender;
    if (kind.capacity() == 0) {
      sender = Spawned.run(() -> c.tx().send(8)).awaitBlocked();
    } else {
      c.tx().send(8);
      sender = null;
    }
    ReceiveResult<Integer> got = c.rx().tryReceive();
    assertThat(got).isEqualTo(new ReceiveResult.Value<>(8));
    assertThat(got.hasValue()).isTrue();
    assertThat(got.isClosed()).isFalse();
    assertThat(got.value()).isEqualTo(8);
    assertThat(got.valueOrNull()).isEqualTo(8);
    if (sender != null) {
      sender.get();
    }
    assertThat(c.rx().tryReceive().hasValue()).isFalse();
  }

  @Contract
  void timedSendGivesUpWhenTheTimeRunsOut(ChannelKind kind) {
    var c = kind.make();
    fill(c);
    long start = System.nanoTime();
    assertThat(c.tx().trySend(100, SHORT)).isEqualTo(SendResult.WOULD_BLOCK);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
    assertThat(c.tx().trySend(100, Duration.ZERO)).isEqualTo(SendResult.WOULD_BLOCK);
    assertThat(c.tx().trySend(100, Duration.ofSeconds(-1))).isEqualTo(SendResult.WOULD_BLOCK);
    assertThat(drainUntilWouldBlock(c.rx()))
        .as("no timed-out value was left behind")
        .isEqualTo(upTo(kind.capacity()));
  }

  @Contract
  void timedSendSucceedsWhenAReceiverComesInTime(ChannelKind kind) {
    var c = kind.make();
    fill(c);
    Spawned<SendResult> sender = Spawned.call(() -> c.tx().trySend(100, PATIENCE)).awaitBlocked();
    List<Integer> got = new ArrayList<>();
    got.add(c.rx().receive());
    assertThat(sender.get()).isEqualTo(SendResult.SENT);
    got.addAll(drainUntilWouldBlock(c.rx()));
    List<Integer> expected = new ArrayList<>(upTo(kind.capacity()));
    expected.add(100);
    assertThat(got).isEqualTo(expected);
  }

  @Contract
  void timedReceiveGivesUpWhenTheTimeRunsOut(ChannelKind kind) {
    var c = kind.make();
    long start = System.nanoTime();
    assertThat(c.rx().tryReceive(SHORT)).isEqualTo(ReceiveResult.wouldBlock());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
    assertThat(c.rx().tryReceive(Duration.ZERO).hasValue()).isFalse();
    // A timed-out receiver left nothing behind that could swallow a later value.
    if (kind.capacity() == 0) {
      assertThat(c.tx().trySend(1)).isEqualTo(SendResult.WOULD_BLOCK);
    } else {
      assertThat(c.tx().trySend(1)).isEqualTo(SendResult.SENT);
      assertThat(c.rx().tryReceive().value()).isEqualTo(1);
    }
  }

  @Contract
  void timedReceiveSucceedsWhenAValueComesInTime(ChannelKind kind) {
    var c = kind.make();
    Spawned<ReceiveResult<Integer>> receiver =
        Spawned.call(() -> c.rx().tryReceive(PATIENCE)).awaitBlocked();
    c.tx().send(3);
    assertThat(receiver.get()).isEqualTo(new ReceiveResult.Value<>(3));
  }

  @Contract
  void timedOperationsLearnOfACloseWhileTheyWait(ChannelKind kind) {
    var c = kind.make();
    Spawned<ReceiveResult<Integer>> receiver =
        Spawned.call(() -> c.rx().tryReceive(PATIENCE)).awaitBlocked();
    c.tx().close();
    assertThat(receiver.get()).isEqualTo(ReceiveResult.closed());
    assertThat(receiver.get().isClosed()).isTrue();

    var d = kind.make();
    fill(d);
    Spawned<SendResult> sender = Spawned.call(() -> d.tx().trySend(100, PATIENCE)).awaitBlocked();
    d.tx().close();
    assertThat(sender.get()).isEqualTo(SendResult.CLOSED);
  }

  // ---------------------------------------------------------------- len and cap

  @Contract
  void lenCountsBufferedValuesAndCapacityIsFixed(ChannelKind kind) {
    var c = kind.make();
    assertThat(c.tx().capacity()).isEqualTo(kind.capacity());
    assertThat(c.rx().capacity()).isEqualTo(kind.capacity());
    assertThat(c.tx().len()).isZero();
    for (int i = 1; i <= kind.capacity(); i++) {
      c.tx().send(i);
      assertThat(c.tx().len()).isEqualTo(i);
      assertThat(c.rx().len()).isEqualTo(i);
    }
    Spawned<Void> blocked = Spawned.run(() -> c.tx().send(50)).awaitBlocked();
    assertThat(c.rx().len())
        .as("a blocked sender's value is not buffered")
        .isEqualTo(kind.capacity());
    c.rx().receive();
    blocked.get();
    assertThat(c.rx().len()).isEqualTo(kind.capacity());
    c.tx().close();
    assertThat(c.rx().len()).as("closing keeps what is buffered").isEqualTo(kind.capacity());
    assertThat(c.rx().capacity()).isEqualTo(kind.capacity());
  }

  // ---------------------------------------------------------------- close

  @Contract
  void sendsOnAClosedChannelFail(ChannelKind kind) {
    var c = kind.make();
    assertThat(c.tx().isClosed()).isFalse();
    c.tx().close();
    assertThat(c.tx().isClosed()).isTrue();
    assertThat(c.rx().isClosed()).isTrue();
    assertThatThrownBy(() -> c.tx().send(1))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("send on closed channel");
    assertThat(c.tx().trySend(1)).isEqualTo(SendResult.CLOSED);
    assertThat(c.tx().trySend(1, PATIENCE)).isEqualTo(SendResult.CLOSED);
    assertThat(c.rx().tryReceive()).as("nothing was sent").isEqualTo(ReceiveResult.closed());
  }

  @Contract
  void closingTwiceFails(ChannelKind kind) {
    var c = kind.make();
    c.tx().close();
    assertThatThrownBy(() -> c.tx().close())
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("close of closed channel");
    assertThat(c.tx().isClosed()).isTrue();
  }

  @Contract
  void receiversDrainTheBufferThenLearnTheChannelIsClosed(ChannelKind kind) {
    var c = kind.make();
    fill(c);
    c.tx().close();
    for (int i = 1; i <= kind.capacity(); i++) {
      assertThat(c.rx().receive()).as("buffered values outlive the close").isEqualTo(i);
    }
    assertThatThrownBy(() -> c.rx().receive())
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("receive from closed channel");
    assertThat(c.rx().receiveOrNull()).isNull();
    assertThat(c.rx().tryReceive()).isEqualTo(ReceiveResult.closed());
    assertThat(c.rx().tryReceive().isClosed()).isTrue();
    assertThat(c.rx().tryReceive().valueOrNull()).isNull();
    long start = System.nanoTime();
    assertThat(c.rx().tryReceive(PATIENCE)).isEqualTo(ReceiveResult.closed());
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("no wait on a closed channel")
        .isLessThan(PATIENCE);
  }

  @Contract
  void receiveOrNullIsGosCommaOk(ChannelKind kind) {
    var c = kind.make();
    Spawned<Void> sender = Spawned.run(() -> c.tx().send(5));
    assertThat(c.rx().receiveOrNull()).isEqualTo(5);
    sender.get();
    c.tx().close();
    assertThat(c.rx().receiveOrNull()).isNull();
  }

  @Contract
  void sendersBlockedAtCloseFailAndDeliverNothing(ChannelKind kind) {
    var c = kind.make();
    fill(c);
    List<Spawned<Void>> senders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int v = 100 + i;
      senders.add(Spawned.run(() -> c.tx().send(v)).awaitBlocked());
    }
    c.tx().close();
    for (Spawned<Void> s : senders) {
      assertThat(s.failure())
          .isInstanceOf(ChannelClosedException.class)
          .hasMessageContaining("send on closed channel");
    }
    List<Integer> got = new ArrayList<>();
    for (Integer v : c.rx()) {
      got.add(v);
    }
    assertThat(got).as("only what was buffered before the close").isEqualTo(upTo(kind.capacity()));
  }

  @Contract
  void receiversBlockedAtCloseWakeUp(ChannelKind kind) {
    var c = kind.make();
    Spawned<Integer> receive = Spawned.call(() -> c.rx().receive()).awaitBlocked();
    Spawned<Integer> orNull = Spawned.call(() -> c.rx().receiveOrNull()).awaitBlocked();
    Spawned<List<Integer>> range =
        Spawned.call(
                () -> {
                  List<Integer> seen = new ArrayList<>();
                  for (int v : c.rx()) {
                    seen.add(v);
                  }
                  return seen;
                })
            .awaitBlocked();
    Spawned<String> select =
        Spawned.call(
                () ->
                    Select.<String>select(
                        c.rx().onReceiveApply(v -> v == null ? "closed" : "" + v)))
            .awaitBlocked();
    c.tx().close();
    assertThat(receive.failure()).isInstanceOf(ChannelClosedException.class);
    assertThat(orNull.get()).isNull();
    assertThat(range.get()).isEmpty();
    assertThat(select.get()).isEqualTo("closed");
  }

  @Contract
  void rangeEndsAfterTheLastValueOfAClosedChannel(ChannelKind kind) {
    var c = kind.make();
    Spawned<Void> producer =
        Spawned.run(
            () -> {
              for (int i = 1; i <= 50; i++) {
                c.tx().send(i);
              }
              c.tx().close();
            });
    List<Integer> got = new ArrayList<>();
    for (int v : c.rx()) {
      got.add(v);
    }
    producer.get();
    assertThat(got).isEqualTo(upTo(50));

    Iterator<Integer> ended = c.rx().iterator();
    assertThat(ended.hasNext()).isFalse();
    assertThat(ended.hasNext()).isFalse();
    assertThatThrownBy(ended::next)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("closed and drained");
  }

  @Contract
  void anIteratorsHasNextHoldsTheValueItReceived(ChannelKind kind) {
    var c = kind.make();
    Spawned<Void> producer =
        Spawned.run(
            () -> {
              c.tx().send(1);
              c.tx().send(2);
              c.tx().close();
            });
    Iterator<Integer> it = c.rx().iterator();
    assertThat(it.hasNext()).isTrue();
    assertThat(it.hasNext()).as("hasNext twice takes one value").isTrue();
    assertThat(it.next()).isEqualTo(1);
    assertThat(it.next()).as("next without hasNext").isEqualTo(2);
    assertThat(it.hasNext()).isFalse();
    producer.get();
  }

  // ---------------------------------------------------------------- null and views

  @Contract
  void nullIsNeverAValue(ChannelKind kind) {
    var c = kind.make();
    assertThatThrownBy(() -> c.tx().send(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("cannot send null");
    assertThatThrownBy(() -> c.tx().trySend(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("cannot send null");
    assertThatThrownBy(() -> c.tx().trySend(null, SHORT))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("cannot send null");
    assertThatThrownBy(() -> c.tx().onSend(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("cannot send null");
    assertThat(c.rx().tryReceive().hasValue()).isFalse();
    assertThat(c.channel().len()).isZero();
  }

  @ParameterizedTest
  @MethodSource("dev.kanal.ChannelKind#all")
  void viewsCannotBeCastBackToTheOtherDirection(ChannelKind kind) {
    Channel<Integer> ch = kind.make().channel();
    SendChannel<Integer> tx = ch.sendOnly();
    ReceiveChannel<Integer> rx = ch.receiveOnly();
    assertThat(tx instanceof ReceiveChannel).isFalse();
    assertThat(tx instanceof Channel).isFalse();
    assertThat(rx instanceof SendChannel).isFalse();
    assertThat(rx instanceof Channel).isFalse();
    assertThat(tx.capacity()).isEqualTo(kind.capacity());
    assertThat(rx.capacity()).isEqualTo(kind.capacity());
    assertThat(tx.toString()).startsWith("SendOnly");
    assertThat(rx.toString()).startsWith("ReceiveOnly");
  }

  // ---------------------------------------------------------------- factories

  @Test
  void bufferedZeroIsUnbuffered() {
    Channel<String> ch = Channel.buffered(0);
    assertThat(ch.capacity()).isZero();
    assertThat(ch.trySend("x")).as("no buffer to take it").isEqualTo(SendResult.WOULD_BLOCK);
    assertThat(ch.toString()).contains("unbuffered");
  }

  @Test
  void aNegativeCapacityIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> Channel.buffered(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channel capacity must be 0 (unbuffered) or more, got -1");
  }

  @Test
  void aCapacityTooLargeForTheRingIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> Channel.buffered(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channel capacity must be at most 1073741824 (2^30), got 2147483647");
    assertThatThrownBy(() -> Channel.buffered((1 << 30) + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1073741824");
  }

  @Test
  void toStringShowsLenCapAndClosed() {
    Channel<Integer> ch = Channel.buffered(3);
    ch.send(1);
    assertThat(ch.toString()).isEqualTo("Channel[len=1, cap=3]");
    ch.close();
    assertThat(ch.toString()).isEqualTo("Channel[len=1, cap=3, closed]");
  }

  @Test
  void receiveResultIsASealedTypeThatASwitchCovers() {
    Channel<String> ch = Channel.buffered(1);
    ch.send("hello");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (i == 2) {
        ch.close();
      }
      seen.add(
          switch (ch.tryReceive()) {
            case ReceiveResult.Value<String>(var msg) -> "value " + msg;
            case ReceiveResult.WouldBlock<String> w -> "would block";
            case ReceiveResult.Closed<String> c -> "closed";
          });
    }
    assertThat(seen).containsExactly("value hello", "would block", "closed");
  }
}

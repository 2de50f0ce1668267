package dev.kanal;

import static dev.kanal.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Channel operations that take a context (issue 4): a worker blocked on a send or a receive
 * leaves promptly, with the context's error, when its context ends.
 */
class ContextOperationsTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  /** Waits until {@code t} is parked (blocked in a channel operation). */
  static void awaitBlocked(Thread t) {
    await()
        .atMost(GENEROUS)
        .until(() -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
  }

  /** Runs {@code body} in a goroutine and records what it threw, or "ok". */
  static Thread run(Runnable body, AtomicReference<Object> outcome) {
    return go(
        () -> {
          try {
            body.run();
            outcome.set("ok");
          } catch (Throwable e) {
            outcome.set(e);
          }
        });
  }

  @Test
  void blockedSendLeavesWithTheErrWhenCancelled() throws Exception {
    Channel<Integer> ch = Channel.buffered(1);
    ch.send(1);
    CancellableContext ctx = Context.withCancel(Context.background());
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread sender = run(() -> ch.send(2, ctx), outcome);
    awaitBlocked(sender);

    ctx.cancel();

    assertThat(sender.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isSameAs(ctx.err());
    assertThat(ch.len()).isEqualTo(1);
    assertThat(ch.receive()).isEqualTo(1);
    assertThat(ch.tryReceive().hasValue()).isFalse(); // 2 was never sent
  }

  @Test
  void blockedReceiveLeavesWithDeadlineExceeded() throws Exception {
    Channel<String> ch = Channel.unbuffered();
    CancellableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(100));
    AtomicReference<Object> outcome = new AtomicReference<>();

    Thread receiver = run(() -> ch.receive(ctx), outcome);

    assertThat(receiver.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isInstanceOf(DeadlineExceededException.class).isSameAs(ctx.err());
  }

  @Test
  void blockedReceiveOrNullLeavesWhenAnAncestorIsCancelled() throws Exception {
    Channel<String> ch = Channel.buffered(3);
    CancellableContext root = Context.withCancel(Context.background());
    Context ctx = Context.withValue(Context.withCancel(root), Context.Key.of("k"), "v");
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread receiver = run(() -> ch.receiveOrNull(ctx), outcome);
    awaitBlocked(receiver);

    root.cancel(new IllegalStateException("shutting down"));

    assertThat(receiver.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isInstanceOf(ContextCancelledException.class);
    assertThat(((Throwable) outcome.get())).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void blockedUnbufferedSendLeavesOnTimeoutAndNoReceiverGetsTheValue() throws Exception {
    Channel<String> ch = Channel.unbuffered();
    CancellableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));

    assertThatThrownBy(() -> ch.send("late", ctx)).isSameAs(ctx.err());
    assertThat(ch.tryReceive().hasValue()).isFalse();
  }

  @Test
  void valuesFlowWhileTheContextIsLive() throws Exception {
    Channel<Integer> ch = Channel.unbuffered();
    CancellableContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(1));
    Thread producer =
        go(
            () -> {
              for (int i = 1; i <= 3; i++) {
                ch.send(i, ctx);
              }
              ch.close();
            });

    List<Integer> got = new ArrayList<>();
    Integer v;
    while ((v = ch.receiveOrNull(ctx)) != null) {
      got.add(v);
    }

    assertThat(got).containsExactly(1, 2, 3);
    assertThat(producer.join(GENEROUS)).isTrue();
    assertThatThrownBy(() -> ch.receive(ctx))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void backgroundAndValueContextsBehaveLikePlainOperations() throws Exception {
    Channel<String> ch = Channel.buffered(2);
    Context bg = Context.background();
    Context valued = Context.withValue(bg, Context.Key.of("k"), "v");

    ch.send("a", bg);
    ch.sendOnly().send("b", valued);

    assertThat(ch.receive(valued)).isEqualTo("a");
    assertThat(ch.receiveOnly().receiveOrNull(bg)).isEqualTo("b");
    ch.close();
    assertThat(ch.receiveOrNull(bg)).isNull();
    assertThatThrownBy(() -> ch.receive(bg)).isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> ch.send("c", bg)).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void directionalViewsTakeContextsToo() {
    Channel<String> ch = Channel.buffered(1);
    CancellableContext ctx = Context.withCancel(Context.background());

    ch.sendOnly().send("x", ctx);
    assertThat(ch.receiveOnly().receive(ctx)).isEqualTo("x");

    ctx.cancel();
    assertThatThrownBy(() -> ch.receiveOnly().receiveOrNull(ctx)).isSameAs(ctx.err());
    assertThatThrownBy(() -> ch.sendOnly().send("y", ctx)).isSameAs(ctx.err());
  }

  @Test
  void anEndedContextWinsEvenWhenTheChannelIsReady() {
    // "Gives up when the context ends first": an ended context has ended first, so the
    // operation never takes a value or a slot, which makes loops stop deterministically.
    Channel<String> ch = Channel.buffered(1);
    ch.send("waiting");
    CancellableContext ctx = Context.withCancel(Context.background());
    ctx.cancel();

    assertThatThrownBy(() -> ch.receive(ctx)).isSameAs(ctx.err());
    assertThat(ch.len()).isEqualTo(1);
    ch.receive();
    assertThatThrownBy(() -> ch.send("more", ctx)).isSameAs(ctx.err());
    assertThat(ch.len()).isZero();
  }

  @Test
  void closedChannelIsReportedWhileTheContextIsLive() {
    Channel<String> ch = Channel.buffered(1);
    ch.send("last");
    ch.close();
    CancellableContext ctx = Context.withCancel(Context.background());

    assertThat(ch.receiveOrNull(ctx)).isEqualTo("last");
    assertThat(ch.receiveOrNull(ctx)).isNull();
    assertThatThrownBy(() -> ch.receive(ctx)).isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> ch.send("x", ctx))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("send on closed channel");
  }

  @Test
  void closingTheChannelWakesABlockedContextReceive() throws Exception {
    Channel<String> ch = Channel.unbuffered();
    CancellableContext ctx = Context.withCancel(Context.background());
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread receiver =
        go(
            () -> {
              outcome.set(String.valueOf(ch.receiveOrNull(ctx)));
            });
    awaitBlocked(receiver);

    ch.close();

    assertThat(receiver.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isEqualTo("null");
  }

  @Test
  void nullIsNeverSent() {
    Channel<String> ch = Channel.buffered(1);
    assertThatNullPointerException()
        .isThrownBy(() -> ch.send(null, Context.background()))
        .withMessageContaining("null");
    assertThatNullPointerException()
        .isThrownBy(() -> ch.send(null, Context.withCancel(Context.background())))
        .withMessageContaining("null");
  }

  @Test
  void interruptLeavesWithOperationInterruptedAndKeepsTheStatus() throws Exception {
    Channel<String> ch = Channel.unbuffered();
    CancellableContext ctx = Context.withCancel(Context.background());
    AtomicReference<Object> outcome = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread receiver =
        go(
            () -> {
              try {
                ch.receive(ctx);
                outcome.set("ok");
              } catch (Throwable e) {
                outcome.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
              }
            });
    awaitBlocked(receiver);

    receiver.interrupt();

    assertThat(receiver.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isInstanceOf(OperationInterruptedException.class);
    assertThat(stillInterrupted.get()).isTrue();
    assertThat(ctx.isDone()).isFalse();
  }

  @Test
  void aThousandBlockedWorkersAllLeaveWhenTheirContextEnds() throws Exception {
    Channel<Integer> jobs = Channel.unbuffered();
    Channel<Integer> results = Channel.unbuffered();
    CancellableContext ctx = Context.withCancel(Context.background());
    int n = 1000;
    CountDownLatch left = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      boolean sender = i % 2 == 0;
      go(
          () -> {
            try {
              if (sender) {
                results.send(1, ctx);
              } else {
                jobs.receive(ctx);
              }
            } catch (ContextCancelledException expected) {
              left.countDown();
            }
          });
    }

    ctx.cancel();

    assertThat(left.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void stressNothingIsLostOrDuplicatedWhenContextsEndAtRandom() throws Exception {
    int rounds = 100 * SCALE;
    for (int round = 0; round < rounds; round++) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      Channel<Integer> ch = rnd.nextBoolean() ? Channel.unbuffered() : Channel.buffered(rnd.nextInt(1, 8));
      CancellableContext root = Context.withCancel(Context.background());
      int producers = 4;
      int consumers = 4;
      int perProducer = 200;
      Set<Integer> sent = ConcurrentHashMap.newKeySet();
      ConcurrentHashMap<Integer, Integer> received = new ConcurrentHashMap<>();
      // Cancel at a random point: at once, or once some values have gone through.
      CountDownLatch progress = new CountDownLatch(rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(300));
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int base = p * perProducer;
        // Half the producers have their own shorter-lived context.
        Context ctx =
            p % 2 == 0 ? root : Context.withTimeout(root, Duration.ofMillis(rnd.nextInt(1, 20)));
        threads.add(
            go(
                () -> {
                  try {
                    for (int i = 0; i < perProducer; i++) {
                      ch.send(base + i, ctx);
                      sent.add(base + i);
                    }
                  } catch (ContextException stop) {
                    // the value in flight was not sent
                  }
                }));
      }
      for (int c = 0; c < consumers; c++) {
        threads.add(
            go(
                () -> {
                  try {
                    Integer v;
                    while ((v = ch.receiveOrNull(root)) != null) {
                      received.merge(v, 1, Integer::sum);
                      progress.countDown();
                    }
                  } catch (ContextException stop) {
                    // consumer leaves
                  }
                }));
      }
      // Cancel at a random point: at once, or once some values have gone through.
      assertThat(progress.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
      root.cancel();
      for (Thread t : threads) {
        assertThat(t.join(GENEROUS)).as("goroutine %s left", t).isTrue();
      }

      // What a send completed either was received or still sits in the buffer.
      Set<Integer> leftover = new HashSet<>();
      Integer v;
      while ((v = ch.tryReceive().valueOrNull()) != null) {
        leftover.add(v);
      }
      assertThat(received.values()).allMatch(count -> count == 1);
      Set<Integer> both = new HashSet<>(received.keySet());
      both.retainAll(leftover);
      assertThat(both).as("received and still buffered").isEmpty();
      Set<Integer> delivered = new HashSet<>(received.keySet());
      delivered.addAll(leftover);
      assertThat(delivered).isEqualTo(sent);
    }
  }
}

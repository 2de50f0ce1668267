package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Timers: {@code after}, {@code tick}, {@link Timer} and {@link Ticker} with Go 1.23's stop and
 * reset guarantees (no stale value is received after {@code stop} or {@code reset} returns),
 * tickers that drop ticks for slow receivers, {@code afterFunc}, and {@code sleep}.
 *
 * <p>To show that something never arrives without sleeping on a guess, tests wait for a later timer
 * ({@link #runTimersDueWithin}): every timer fires from one scheduler thread in the order of their
 * due times, so once a timer due later has fired, every earlier one has had its turn.
 */
class TimerTest {

  private static final Duration D = Duration.ofMillis(20);
  private static final Duration HOUR = Duration.ofHours(1);

  /** Returns once every timer task due within {@code d} from now has run (or been cancelled). */
  private static void runTimersDueWithin(Duration d) {
    Time.after(d.plusMillis(1)).receive();
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  // ---------------------------------------------------------------- after, newTimer

  @Test
  void afterDeliversTheTimeOnceAfterTheDuration() {
    Instant before = Instant.now();
    long start = System.nanoTime();
    ReceiveChannel<Instant> ch = Time.after(D);
    Instant fired = ch.receive();
    assertThat(since(start)).isGreaterThanOrEqualTo(D);
    assertThat(fired).isAfterOrEqualTo(before);
    runTimersDueWithin(D.multipliedBy(2));
    assertThat(ch.tryReceive().hasValue()).as("a timer fires once").isFalse();
    assertThat(ch.isClosed()).as("Go never closes a timer's channel").isFalse();
  }

  @Test
  void aZeroOrNegativeDurationFiresAtOnce() {
    assertThat(Time.after(Duration.ZERO).receive()).isNotNull();
    assertThat(Time.after(Duration.ofSeconds(-5)).receive()).isNotNull();
  }

  @Test
  void aTimersChannelIsReceiveOnlyAndHasOneSlot() {
    Timer t = Time.newTimer(HOUR);
    assertThat(t.channel() instanceof SendChannel).isFalse();
    assertThat(t.channel().capacity()).isEqualTo(1);
    t.stop();
  }

  @Test
  void afterWorksAsASelectTimeout() {
    Channel<String> never = Channel.unbuffered();
    long start = System.nanoTime();
    String r = Select.select(never.onReceive(), Time.after(D).onReceiveApply(t -> "timeout 1"));
    assertThat(r).isEqualTo("timeout 1");
    assertThat(since(start)).isGreaterThanOrEqualTo(D);
  }

  // ---------------------------------------------------------------- stop

  @Test
  void stopBeforeFiringReturnsTrueAndNothingIsEverReceived() {
    Timer t = Time.newTimer(D);
    assertThat(t.stop()).isTrue();
    assertThat(t.stop()).as("already stopped").isFalse();
    runTimersDueWithin(D.multipliedBy(2));
    assertThat(t.channel().tryReceive().hasValue()).isFalse();
  }

  @Test
  void stopAfterTheValueWasReceivedReturnsFalse() {
    Timer t = Time.newTimer(Duration.ZERO);
    t.channel().receive();
    assertThat(t.stop()).isFalse();
  }

  /**
   * Go 1.23: a timer that fired but whose value nobody received counts as not yet expired. Stop
   * returns true and withdraws the value: no stale time is received after stop returns.
   */
  @Test
  void stopAfterFiringButBeforeTheReceiveWithdrawsTheValue() {
    Timer t = Time.newTimer(Duration.ZERO);
    await().atMost(Spawned.PATIENCE).until(() -> t.channel().len() == 1);
    assertThat(t.stop()).isTrue();
    assertThat(t.channel().tryReceive().hasValue()).isFalse();
    assertThat(t.stop()).isFalse();
  }

  /** Stop racing the firing, many times: with nobody receiving, stop always wins, and cleanly. */
  @Test
  void stopRacingTheFiringNeverLeavesAStaleValue() {
    int rounds = Stress.scaled(2_000);
    List<Timer> timers = new ArrayList<>();
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int i = 0; i < rounds; i++) {
      Timer t = Time.newTimer(Duration.ofNanos(rnd.nextInt(100_000)));
      for (int spin = rnd.nextInt(20_000); spin > 0; spin--) {
        Thread.onSpinWait();
      }
      assertThat(t.stop()).as("nobody received: the timer had not expired").isTrue();
      assertThat(t.channel().tryReceive().hasValue())
          .as("round %d: stale value after stop", i)
          .isFalse();
      timers.add(t);
    }
    runTimersDueWithin(Duration.ofMillis(1));
    for (Timer t : timers) {
      assertThat(t.channel().tryReceive().hasValue()).as("a stopped timer fired later").isFalse();
    }
  }

  /**
   * Stop racing the firing while a receiver waits: stop returns true exactly when the receiver gets
   * nothing, false exactly when it got the time.
   */
  @Test
  void stopsResultTellsWhetherAWaitingReceiverGotTheTime() {
    int rounds = Stress.scaled(300);
    int[] outcomes = new int[2];
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int i = 0; i < rounds; i++) {
      Timer t = Time.newTimer(Duration.ofNanos(rnd.nextInt(200_000)));
      Channel<Boolean> quit = Channel.unbuffered();
      Spawned<String> receiver =
          Spawned.call(
              () ->
                  Select.select(
                      t.channel().onReceiveApply(at -> "fired"), quit.onReceiveApply(q -> "quit")));
      for (int spin = rnd.nextInt(50_000); spin > 0; spin--) {
        Thread.onSpinWait();
      }
      boolean stopped = t.stop();
      quit.close();
      assertThat(receiver.get())
          .as("round %d, stop returned %s", i, stopped)
          .isEqualTo(stopped ? "quit" : "fired");
      outcomes[stopped ? 1 : 0]++;
    }
    assertThat(outcomes[0] + outcomes[1]).isEqualTo(rounds);
  }

  // ---------------------------------------------------------------- reset

  @Test
  void resetOfAnActiveTimerReturnsTrueAndFiresAfterTheNewDuration() {
    Timer t = Time.newTimer(HOUR);
    long start = System.nanoTime();
    assertThat(t.reset(D)).isTrue();
    t.channel().receive();
    assertThat(since(start)).isGreaterThanOrEqualTo(D);
  }

  @Test
  void resetOfAnExpiredOrStoppedTimerReturnsFalseAndFiresAgain() {
    Timer t = Time.newTimer(Duration.ZERO);
    t.channel().receive();
    assertThat(t.reset(Duration.ZERO)).isFalse();
    assertThat(t.channel().receive()).isNotNull();

    Timer s = Time.newTimer(HOUR);
    s.stop();
    assertThat(s.reset(Duration.ZERO)).isFalse();
    assertThat(s.channel().receive()).isNotNull();
  }

  /** Go 1.23: reset withdraws a value that fired before it and was never received. */
  @Test
  void resetWithdrawsAStaleValue() {
    Timer t = Time.newTimer(Duration.ZERO);
    await().atMost(Spawned.PATIENCE).until(() -> t.channel().len() == 1);
    long start = System.nanoTime();
    assertThat(t.reset(D)).as("fired but not received: still active").isTrue();
    t.channel().receive();
    assertThat(since(start))
        .as("the value came from the new arming, not the stale one")
        .isGreaterThanOrEqualTo(D);

    Timer u = Time.newTimer(Duration.ZERO);
    await().atMost(Spawned.PATIENCE).until(() -> u.channel().len() == 1);
    u.reset(HOUR);
    assertThat(u.channel().tryReceive().hasValue()).isFalse();
    u.stop();
  }

  @Test
  void resetRacingTheFiringNeverLeavesAStaleValue() {
    int rounds = Stress.scaled(1_000);
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    List<Timer> timers = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      Timer t = Time.newTimer(Duration.ofNanos(rnd.nextInt(100_000)));
      for (int spin = rnd.nextInt(20_000); spin > 0; spin--) {
        Thread.onSpinWait();
      }
      t.reset(HOUR);
      assertThat(t.channel().tryReceive().hasValue())
          .as("round %d: stale value after reset", i)
          .isFalse();
      timers.add(t);
    }
    runTimersDueWithin(Duration.ofMillis(1));
    for (Timer t : timers) {
      assertThat(t.channel().tryReceive().hasValue()).isFalse();
      t.stop();
    }
  }

  // ---------------------------------------------------------------- afterFunc

  @Test
  void afterFuncRunsTheFunctionInItsOwnGoroutine() {
    Channel<Thread> ran = Channel.buffered(1);
    long start = System.nanoTime();
    Timer t = Time.afterFunc(D, () -> ran.send(Thread.currentThread()));
    Thread runner = ran.receive();
    assertThat(since(start)).isGreaterThanOrEqualTo(D);
    assertThat(runner.isVirtual()).isTrue();
    assertThat(runner.getName()).startsWith("goroutine-");
    assertThat(t.stop()).as("its function has started").isFalse();
    assertThat(t.channel().tryReceive().hasValue())
        .as("afterFunc never sends on the channel")
        .isFalse();
  }

  @Test
  void stoppingAnAfterFuncBeforeItFiresPreventsTheCall() {
    AtomicInteger calls = new AtomicInteger();
    Timer t = Time.afterFunc(D, calls::incrementAndGet);
    assertThat(t.stop()).isTrue();
    runTimersDueWithin(D.multipliedBy(2));
    // Had it fired, its goroutine would have started by now; give it a fair chance to show up.
    assertThat(Time.after(D).receive()).isNotNull();
    assertThat(calls).hasValue(0);
  }

  @Test
  void resettingAnAfterFuncRunsItAgain() {
    Channel<Integer> ran = Channel.buffered(2);
    AtomicInteger n = new AtomicInteger();
    Timer t = Time.afterFunc(Duration.ZERO, () -> ran.send(n.incrementAndGet()));
    assertThat(ran.receive()).isEqualTo(1);
    assertThat(t.reset(Duration.ZERO)).isFalse();
    assertThat(ran.receive()).isEqualTo(2);
  }

  @Test
  void afterFuncRejectsANullFunction() {
    assertThatThrownBy(() -> Time.afterFunc(D, null)).isInstanceOf(NullPointerException.class);
  }

  // ---------------------------------------------------------------- tick, Ticker

  @Test
  void tickDeliversTheTimeRepeatedly() {
    long start = System.nanoTime();
    ReceiveChannel<Instant> ticks = Time.tick(Duration.ofMillis(5));
    Instant previous = Instant.MIN;
    for (int i = 0; i < 3; i++) {
      Instant t = ticks.receive();
      assertThat(t).isAfterOrEqualTo(previous);
      previous = t;
    }
    assertThat(since(start))
        .as("fixed rate: the third tick is due 3 periods in")
        .isGreaterThanOrEqualTo(Duration.ofMillis(15));
  }

  /**
   * A receiver that is slow misses ticks: after it has been away for many periods it finds one tick
   * waiting, and the next one it gets is fresh, not a backlog from while it was away.
   */
  @Test
  void aTickerDropsTicksForASlowReceiver() {
    Ticker ticker = Time.newTicker(Duration.ofMillis(2));
    try {
      await().atMost(Spawned.PATIENCE).until(() -> ticker.channel().len() == 1);
      Time.sleep(Duration.ofMillis(60)); // a slow receiver: some 30 ticks come and go
      Instant back = Instant.now();
      assertThat(ticker.channel().len()).as("at most one tick waits").isEqualTo(1);
      Instant waiting = ticker.channel().receive();
      assertThat(waiting)
          .as("the tick that was waiting before the receiver went away")
          .isBefore(back);
      Instant next = ticker.channel().receive();
      assertThat(next)
          .as("a fresh tick, not one kept from while the receiver was away")
          .isAfterOrEqualTo(back);
    } finally {
      ticker.stop();
    }
  }

  @Test
  void aRefusedResetLeavesTheTickerAndTheTimerAsTheyWere() {
    Ticker ticker = Time.newTicker(Duration.ofMillis(5));
    Timer timer = Time.newTimer(Duration.ofMillis(5));
    try {
      assertThatThrownBy(() -> ticker.reset(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("non-positive");
      assertThatThrownBy(() -> ticker.reset(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> timer.reset(null)).isInstanceOf(NullPointerException.class);

      // Go's Reset panics before it changes anything: both still deliver.
      assertThat(ticker.channel().tryReceive(Spawned.PATIENCE).hasValue()).as("a tick").isTrue();
      assertThat(timer.channel().tryReceive(Spawned.PATIENCE).hasValue()).as("the timer").isTrue();
    } finally {
      ticker.stop();
      timer.stop();
    }
  }

  @Test
  void noTickIsReceivedAfterStopReturns() {
    int rounds = Stress.scaled(200);
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    List<Ticker> tickers = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      Ticker ticker = Time.newTicker(Duration.ofNanos(50_000 + rnd.nextInt(100_000)));
      if (rnd.nextBoolean()) {
        ticker.channel().receive();
      }
      for (int spin = rnd.nextInt(20_000); spin > 0; spin--) {
        Thread.onSpinWait();
      }
      ticker.stop();
      assertThat(ticker.channel().tryReceive().hasValue())
          .as("round %d: tick after stop", i)
          .isFalse();
      tickers.add(ticker);
    }
    runTimersDueWithin(Duration.ofMillis(2));
    for (Ticker ticker : tickers) {
      assertThat(ticker.channel().tryReceive().hasValue()).as("a stopped ticker ticked").isFalse();
    }
  }

  @Test
  void resetChangesThePeriodAndDropsAWaitingTick() {
    Ticker ticker = Time.newTicker(Duration.ofMillis(1));
    try {
      await().atMost(Spawned.PATIENCE).until(() -> ticker.channel().len() == 1);
      ticker.reset(HOUR);
      assertThat(ticker.channel().tryReceive().hasValue())
          .as("the waiting tick is withdrawn")
          .isFalse();
      runTimersDueWithin(Duration.ofMillis(5));
      assertThat(ticker.channel().tryReceive().hasValue()).as("the old period is gone").isFalse();

      long start = System.nanoTime();
      ticker.reset(D);
      ticker.channel().receive();
      assertThat(since(start))
          .as("the first tick comes one new period after reset")
          .isGreaterThanOrEqualTo(D);
      ticker.channel().receive();
      assertThat(since(start)).isGreaterThanOrEqualTo(D.multipliedBy(2));
    } finally {
      ticker.stop();
    }
  }

  @Test
  void aTickerNeedsAPositivePeriod() {
    assertThatThrownBy(() -> Time.newTicker(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-positive interval");
    assertThatThrownBy(() -> Time.tick(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-positive interval");
    Ticker ticker = Time.newTicker(HOUR);
    assertThatThrownBy(() -> ticker.reset(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    ticker.stop();
  }

  // ---------------------------------------------------------------- sleep

  @Test
  void sleepPausesForAtLeastTheDuration() {
    long start = System.nanoTime();
    Time.sleep(D);
    assertThat(since(start)).isGreaterThanOrEqualTo(D);
  }

  @Test
  void sleepForZeroOrLessReturnsAtOnce() {
    AtomicReference<Duration> took = new AtomicReference<>();
    long start = System.nanoTime();
    Time.sleep(Duration.ZERO);
    Time.sleep(Duration.ofSeconds(-10));
    took.set(since(start));
    assertThat(took.get()).as("no sleep at all").isLessThan(Duration.ofSeconds(5));
  }
}

package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Go's {@code sync.WaitGroup}: add, done, wait (await), and Go 1.25's {@code wg.Go}. */
class WaitGroupTest {

  @Test
  void awaitReturnsAtOnceWhenTheCounterIsZero() {
    WaitGroup wg = new WaitGroup();
    wg.await();
    assertThat(wg.await(Duration.ZERO)).isTrue();
    assertThat(wg.count()).isZero();
  }

  @Test
  void awaitBlocksUntilEveryDone() {
    WaitGroup wg = new WaitGroup();
    wg.add(2);
    Spawned<Void> waiter = Spawned.run(wg::await).awaitBlocked();
    wg.done();
    assertThat(wg.count()).isEqualTo(1);
    Spawned<Void> stillWaiting = waiter.awaitBlocked();
    assertThat(stillWaiting.isDone()).isFalse();
    wg.done();
    waiter.get();
  }

  @Test
  void everyWaiterIsReleased() {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    List<Spawned<Void>> waiters = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiters.add(Spawned.run(wg::await).awaitBlocked());
    }
    wg.done();
    waiters.forEach(Spawned::get);
  }

  @Test
  void timedAwaitReturnsFalseWhenTheTimeRunsOutAndTrueWhenDone() {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    long start = System.nanoTime();
    assertThat(wg.await(Duration.ofMillis(30))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(30));
    assertThat(wg.await(Duration.ofSeconds(-1))).isFalse();
    Spawned<Boolean> waiter = Spawned.call(() -> wg.await(Spawned.PATIENCE)).awaitBlocked();
    wg.done();
    assertThat(waiter.get()).isTrue();
  }

  @Test
  void aNegativeCounterIsRejectedAndLeavesTheCounterAlone() {
    WaitGroup wg = new WaitGroup();
    assertThatThrownBy(wg::done)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("negative WaitGroup counter: done() was called more often than add()");
    wg.add(2);
    assertThatThrownBy(() -> wg.add(-3)).isInstanceOf(IllegalStateException.class);
    assertThat(wg.count()).isEqualTo(2);
  }

  @Test
  void aWaitGroupCanBeReused() {
    WaitGroup wg = new WaitGroup();
    for (int round = 0; round < 3; round++) {
      AtomicInteger ran = new AtomicInteger();
      for (int i = 0; i < 10; i++) {
        wg.go(ran::incrementAndGet);
      }
      wg.await();
      assertThat(ran).hasValue(10);
    }
    assertThat(wg.toString()).isEqualTo("WaitGroup[0]");
  }

  @Test
  void goCallsDoneEvenWhenTheBodyThrows() {
    Channel<GoroutineException> reported = Channel.buffered(1);
    Go.onUncaught(reported::send);
    try {
      WaitGroup wg = new WaitGroup();
      wg.go(
          () -> {
            throw new IllegalStateException("fails");
          });
      wg.await();
      assertThat(wg.count()).isZero();
      // done() runs only after the failure was reported: it is there when await() returns.
      ReceiveResult<GoroutineException> report = reported.tryReceive();
      assertThat(report.hasValue()).as("reported before await() returned").isTrue();
      assertThat(report.value().getCause()).hasMessage("fails");
    } finally {
      Go.onUncaught(null);
    }
  }

  /** Every write a goroutine makes before done() is visible after await() returns. */
  @RepeatedTest(3)
  void doneHappensBeforeAwaitReturns() {
    int n = Stress.scaled(2_000);
    int[] slots = new int[n]; // plain
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < n; i++) {
      int idx = i;
      wg.go(() -> slots[idx] = idx + 1);
    }
    wg.await();
    for (int i = 0; i < n; i++) {
      assertThat(slots[i]).isEqualTo(i + 1);
    }
  }

  /** Many goroutines adding and finishing while waiters wait: no waiter wakes early or hangs. */
  @RepeatedTest(3)
  void stressNoWaiterWakesBeforeTheLastDone() {
    int workers = Stress.scaled(500);
    WaitGroup wg = new WaitGroup();
    AtomicInteger finished = new AtomicInteger();
    Channel<Boolean> start = Channel.unbuffered();
    wg.add(workers);
    for (int i = 0; i < workers; i++) {
      Go.go(
          () -> {
            start.receiveOrNull();
            finished.incrementAndGet();
            wg.done();
          });
    }
    List<Spawned<Integer>> waiters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waiters.add(
          Spawned.call(
              () -> {
                wg.await();
                return finished.get();
              }));
    }
    start.close();
    for (Spawned<Integer> w : waiters) {
      assertThat(w.get()).isEqualTo(workers);
    }
  }
}

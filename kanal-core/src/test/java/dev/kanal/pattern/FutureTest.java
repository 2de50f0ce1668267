package dev.kanal.pattern;

import static dev.kanal.Select.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.CancellableContext;
import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.DeadlineExceededException;
import dev.kanal.Go;
import dev.kanal.Select;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Future (seed 004): a value computed in a goroutine now, received later. */
class FutureTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);

  @AfterEach
  void noGoroutineLeft() {
    LeakCheck.assertNoPatternGoroutineLeft();
  }

  @Test
  void theSeedsQuery() {
    // Seed 004: the parameter is prepared after the call; the result is read later.
    Channel<String> sql = Channel.buffered(1);
    Future<String> result = Future.go(() -> "get " + sql.receive());

    sql.send("select * from table");

    assertThat(result.get()).isEqualTo("get select * from table");
  }

  @Test
  void theValueCanBeReadManyTimesByManyGoroutines() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> f =
        Future.go(
            () -> {
              release.await();
              return 42;
            });
    assertThat(f.isDone()).isFalse();
    ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      readers.add(Go.go(() -> got.add(f.get())));
    }

    release.countDown();

    for (Thread t : readers) {
      assertThat(t.join(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(got).hasSize(50).containsOnly(42);
    assertThat(f.get()).isEqualTo(42);
    assertThat(f.isDone()).isTrue();
    assertThat(f.toString()).isEqualTo("Future[42]");
  }

  @Test
  void aFailureIsThrownToEveryReaderWithItsCause() {
    Future<String> f =
        Future.go(
            () -> {
              throw new IOException("connection reset");
            });

    assertThatThrownBy(f::get)
        .isInstanceOf(Future.FailedException.class)
        .hasMessageContaining("connection reset")
        .hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(f::get).isInstanceOf(Future.FailedException.class);
  }

  @Test
  void nullIsAValidResult() {
    assertThat(Future.go(() -> null).get()).isNull();
  }

  @Test
  void getWithAContextGivesUpWhenItEnds() {
    CountDownLatch release = new CountDownLatch(1);
    Future<String> slow =
        Future.go(
            () -> {
              release.await();
              return "late";
            });
    CancellableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));

    assertThatThrownBy(() -> slow.get(ctx)).isInstanceOf(DeadlineExceededException.class);

    release.countDown();
    assertThat(slow.get()).isEqualTo("late");
  }

  @Test
  void doneIsUsableInSelect() {
    Future<String> f = Future.go(() -> "ready");
    String r =
        select(
            f.done().onReceiveApply(x -> f.get()),
            Select.timeout(Duration.ofSeconds(10), () -> "timeout"));
    assertThat(r).isEqualTo("ready");
  }

  @Test
  void aFutureNobodyReadsStillEndsItsGoroutine() {
    for (int i = 0; i < 100; i++) {
      int v = i;
      Future.go(() -> v * 2); // never read
    }
    // @AfterEach: every goroutine has ended although no one received anything.
  }

  @Test
  void stressEveryReaderSeesTheOneValue() throws Exception {
    for (int round = 0; round < 200 * SCALE; round++) {
      int expected = round;
      Future<Integer> f = Future.go(() -> expected);
      List<Thread> readers = new ArrayList<>();
      ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
      for (int r = 0; r < 4; r++) {
        readers.add(Go.go(() -> got.add(f.get())));
      }
      for (Thread t : readers) {
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
      }
      assertThat(got).hasSize(4).containsOnly(expected);
    }
  }
}

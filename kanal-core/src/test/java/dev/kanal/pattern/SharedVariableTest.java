package dev.kanal.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.kanal.CancellableContext;
import dev.kanal.Context;
import dev.kanal.Go;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SharedVariable (seed 004): a value owned by one goroutine, read and written over channels. */
class SharedVariableTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);

  @AfterEach
  void noGoroutineLeft() {
    LeakCheck.assertNoPatternGoroutineLeft();
  }

  @Test
  void theSeedsSequence() {
    try (SharedVariable<Integer> v = SharedVariable.start(Context.background(), 0)) {
      assertThat(v.reader().receive()).isEqualTo(0);
      v.writer().send(1);
      assertThat(v.reader().receive()).isEqualTo(1);
      v.set(2);
      assertThat(v.get()).isEqualTo(2);
    }
  }

  @Test
  void closedVariableFailsClearlyInsteadOfHanging() {
    SharedVariable<String> v = SharedVariable.start(Context.background(), "x");
    v.close();
    v.close(); // idempotent

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> LeakCheck.patternGoroutines().isEmpty());
    assertThatIllegalStateException().isThrownBy(v::get).withMessageContaining("closed");
    assertThatIllegalStateException().isThrownBy(() -> v.set("y")).withMessageContaining("closed");
    assertThat(v.reader().receiveOrNull()).isNull();
  }

  @Test
  void closingTheWriterViewEndsTheVariableAsCloseDoes() {
    SharedVariable<String> v = SharedVariable.start(Context.background(), "x");
    v.writer().close();

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> LeakCheck.patternGoroutines().isEmpty());
    assertThatIllegalStateException().isThrownBy(v::get).withMessageContaining("closed");
    assertThatIllegalStateException().isThrownBy(() -> v.set("y")).withMessageContaining("closed");
    v.close(); // still idempotent
  }

  @Test
  void theParentsEndStopsItAndReadersInALoopLeave() throws Exception {
    CancellableContext parent = Context.withCancel(Context.background());
    SharedVariable<Integer> v = SharedVariable.start(parent, 1);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
    Thread reader =
        Go.go(
            () -> {
              try {
                while (true) {
                  v.get();
                  reading.countDown();
                }
              } catch (Throwable e) {
                outcome.set(e);
              }
            });
    assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    parent.cancel();

    assertThat(reader.join(Duration.ofSeconds(10))).isTrue();
    assertThat(outcome.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("SharedVariable.get: the variable is closed (its goroutine has stopped)");
  }

  @Test
  void stressReadsSeeOnlyWrittenValuesAndTheLastWriteWins() throws Exception {
    for (int round = 0; round < 50 * SCALE; round++) {
      SharedVariable<Integer> v = SharedVariable.start(Context.background(), -1);
      Set<Integer> written = ConcurrentHashMap.newKeySet();
      written.add(-1);
      Set<Integer> read = ConcurrentHashMap.newKeySet();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int base = w * 1000;
        threads.add(
            Go.go(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    written.add(base + i);
                    v.set(base + i);
                  }
                }));
      }
      for (int r = 0; r < 4; r++) {
        threads.add(
            Go.go(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    read.add(v.get());
                  }
                }));
      }
      for (Thread t : threads) {
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
      }
      assertThat(written).containsAll(read);
      // A set that returned happens-before a later get: write once more, then read it back.
      v.set(99_999);
      assertThat(v.get()).isEqualTo(99_999);
      v.close();
      assertThat(read).isNotEmpty();
    }
  }
}

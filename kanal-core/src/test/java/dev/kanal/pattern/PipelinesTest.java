package dev.kanal.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.kanal.CancellableContext;
import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.GoroutineException;
import dev.kanal.Go;
import dev.kanal.ReceiveChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pipelines (issue 4): each stage's values, and no goroutine left when the consumer stops. */
class PipelinesTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);

  @AfterEach
  void noGoroutineLeft() {
    Go.onUncaught(null);
    LeakCheck.assertNoPatternGoroutineLeft();
  }

  private static <T> List<T> drain(ReceiveChannel<T> ch) {
    List<T> out = new ArrayList<>();
    for (T v : ch) {
      out.add(v);
    }
    return out;
  }

  /**
   * After a cancel a stage may still hand over the one value it was sending (a select between
   * two ready cases picks either), then it closes its output.
   */
  private static void assertClosesSoon(ReceiveChannel<?> out) {
    for (int i = 0; i < 2; i++) {
      if (out.tryReceive(Duration.ofSeconds(10)).isClosed()) {
        return;
      }
    }
    assertThat(out.tryReceive(Duration.ofSeconds(10)).isClosed()).as("output closed").isTrue();
  }

  @Test
  void generatorFeedsUntilCancelledThenCloses() {
    CancellableContext ctx = Context.withCancel(Context.background());
    AtomicInteger n = new AtomicInteger();
    ReceiveChannel<Integer> gen = Pipelines.generate(ctx, n::incrementAndGet);

    assertThat(List.of(gen.receive(), gen.receive(), gen.receive())).containsExactly(1, 2, 3);
    ctx.cancel(); // the consumer stops early

    // The goroutine leaves its blocked send and closes the channel.
    assertClosesSoon(gen);
  }

  @Test
  void theLeakCheckSeesAStageBlockedOnASendNobodyTakes() {
    CancellableContext ctx = Context.withCancel(Context.background());
    ReceiveChannel<Integer> gen = Pipelines.generate(ctx, () -> 7);
    assertThat(gen.receive()).isEqualTo(7);

    assertThat(LeakCheck.patternGoroutines())
        .singleElement()
        .asString()
        .contains("dev.kanal.pattern.Pipelines.lambda$generate");

    ctx.cancel(); // and the check in @AfterEach sees it gone
  }

  @Test
  void generatorEndsAtNull() {
    int[] left = {3};
    ReceiveChannel<String> gen =
        Pipelines.generate(Context.background(), () -> left[0]-- > 0 ? "x" + left[0] : null);
    assertThat(drain(gen)).containsExactly("x2", "x1", "x0");
  }

  @Test
  void emitSendsEachValueThenCloses() {
    assertThat(drain(Pipelines.emit(Context.background(), List.of(1, 2, 3)))).containsExactly(1, 2, 3);
  }

  @Test
  void fanInMergesEveryValueOnceAndClosesWhenAllInputsClose() {
    Context bg = Context.background();
    ReceiveChannel<Integer> merged =
        Pipelines.fanIn(
            bg,
            Pipelines.emit(bg, List.of(1, 2, 3)),
            Pipelines.emit(bg, List.of(10, 20)),
            Pipelines.emit(bg, List.<Integer>of()));

    assertThat(drain(merged)).containsExactlyInAnyOrder(1, 2, 3, 10, 20);
  }

  @Test
  void fanInOfNothingIsClosed() {
    assertThat(Pipelines.<String>fanIn(Context.background(), List.of()).receiveOrNull()).isNull();
  }

  @Test
  void fanInOfEndlessGeneratorsStopsOnCancel() {
    // Seed 004's multiplexing: two random generators merged into one.
    CancellableContext ctx = Context.withCancel(Context.background());
    ReceiveChannel<Integer> rand =
        Pipelines.fanIn(
            ctx,
            Pipelines.generate(ctx, () -> ThreadLocalRandom.current().nextInt(1, 100)),
            Pipelines.generate(ctx, () -> ThreadLocalRandom.current().nextInt(100, 200)));
    for (int i = 0; i < 100; i++) {
      assertThat(rand.receive()).isBetween(1, 199);
    }

    ctx.cancel();

    assertClosesSoon(rand);
  }

  @Test
  void fanOutGivesEachValueToExactlyOneWorker() {
    Context bg = Context.background();
    List<Integer> input = IntStream.rangeClosed(1, 1000).boxed().toList();
    List<ReceiveChannel<Integer>> outs =
        Pipelines.fanOut(bg, Pipelines.emit(bg, input), 4, v -> v * 2);

    assertThat(outs).hasSize(4);
    assertThat(drain(Pipelines.fanIn(bg, outs)))
        .containsExactlyInAnyOrderElementsOf(input.stream().map(v -> v * 2).toList());
  }

  @Test
  void fanOutRejectsNoWorkers() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Pipelines.fanOut(Context.background(), Channel.<Integer>unbuffered(), 0, v -> v))
        .withMessage("fanOut: workers must be at least 1, got 0");
  }

  @Test
  void aFailingStageClosesItsOutputAndReportsTheFailure() {
    ConcurrentLinkedQueue<GoroutineException> uncaught = new ConcurrentLinkedQueue<>();
    Go.onUncaught(uncaught::add);
    CancellableContext ctx = Context.withCancel(Context.background());
    ReceiveChannel<Integer> out =
        Pipelines.filter(
            ctx,
            Pipelines.emit(ctx, List.of(1, 2, 3)),
            v -> {
              if (v == 2) {
                throw new IllegalStateException("bad value " + v);
              }
              return true;
            });

    assertThat(drain(out)).containsExactly(1);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !uncaught.isEmpty());
    assertThat(uncaught.peek()).hasRootCauseMessage("bad value 2");
    // The emitter upstream is blocked on a send nobody will take: its context releases it.
    ctx.cancel();
  }

  @Test
  void filterKeepsWhatThePredicateAccepts() {
    Context bg = Context.background();
    ReceiveChannel<Integer> evens =
        Pipelines.filter(bg, Pipelines.emit(bg, List.of(1, 2, 3, 4, 5, 6)), v -> v % 2 == 0);
    assertThat(drain(evens)).containsExactly(2, 4, 6);
  }

  @Test
  void theSievePrintsTheFirstTenPrimes() {
    try (CancellableContext ctx = Context.withCancel(Context.background())) {
      ReceiveChannel<Integer> primes = Pipelines.primes(ctx);
      List<Integer> first = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        first.add(primes.receive());
      }
      assertThat(first).containsExactly(2, 3, 5, 7, 11, 13, 17, 19, 23, 29);
    } // cancel: the whole chain (a generator and ten filters) leaves; @AfterEach checks it
  }

  @Test
  void theSieveAgreesWithTrialDivisionAndLeavesNothingBehind() {
    List<Integer> expected =
        IntStream.rangeClosed(2, 2000)
            .filter(n -> IntStream.rangeClosed(2, (int) Math.sqrt(n)).noneMatch(d -> n % d == 0))
            .boxed()
            .toList();
    try (CancellableContext ctx = Context.withCancel(Context.background())) {
      ReceiveChannel<Integer> primes = Pipelines.primes(ctx);
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < expected.size(); i++) {
        got.add(primes.receive());
      }
      assertThat(got).isEqualTo(expected);
    }
  }

  @Test
  void stressRandomPipelinesStoppedAtRandomLoseAndDuplicateNothing() {
    int rounds = 150 * SCALE;
    for (int round = 0; round < rounds; round++) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      CancellableContext ctx = Context.withCancel(Context.background());
      int sources = rnd.nextInt(1, 4);
      int perSource = rnd.nextInt(0, 200);
      List<ReceiveChannel<Integer>> inputs = new ArrayList<>();
      for (int s = 0; s < sources; s++) {
        int base = s * 1000;
        inputs.add(Pipelines.emit(ctx, IntStream.range(base, base + perSource).boxed().toList()));
      }
      ReceiveChannel<Integer> merged = Pipelines.fanIn(ctx, inputs);
      List<ReceiveChannel<Integer>> workers =
          Pipelines.fanOut(ctx, merged, rnd.nextInt(1, 5), v -> v + 1);
      ReceiveChannel<Integer> out =
          Pipelines.filter(ctx, Pipelines.fanIn(ctx, workers), v -> v % 3 != 0);

      boolean stopEarly = rnd.nextBoolean();
      int stopAfter = stopEarly ? rnd.nextInt(0, Math.max(1, perSource)) : Integer.MAX_VALUE;
      Map<Integer, Integer> seen = new HashMap<>();
      Integer v;
      while (seen.size() < stopAfter && (v = out.receiveOrNull()) != null) {
        seen.merge(v, 1, Integer::sum);
      }
      ctx.cancel();

      assertThat(seen.values()).allMatch(count -> count == 1);
      List<Integer> expected = new ArrayList<>();
      for (int s = 0; s < sources; s++) {
        for (int i = 0; i < perSource; i++) {
          int w = s * 1000 + i + 1;
          if (w % 3 != 0) {
            expected.add(w);
          }
        }
      }
      if (stopEarly) {
        assertThat(expected).containsAll(seen.keySet());
      } else {
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(expected);
      }
      assertClosesSoon(out);
    }
  }

  @Test
  void manyConsumersOfOneGeneratorEachGetDistinctValues() throws Exception {
    CancellableContext ctx = Context.withCancel(Context.background());
    AtomicInteger next = new AtomicInteger();
    ReceiveChannel<Integer> gen = Pipelines.generate(ctx, next::incrementAndGet);
    ConcurrentHashMap<Integer, Integer> got = new ConcurrentHashMap<>();
    List<Thread> consumers = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      consumers.add(
          Go.go(
              () -> {
                for (int i = 0; i < 500; i++) {
                  got.merge(gen.receive(), 1, Integer::sum);
                }
              }));
    }
    for (Thread t : consumers) {
      assertThat(t.join(Duration.ofSeconds(10))).isTrue();
    }
    ctx.cancel();

    assertThat(got).hasSize(4000);
    assertThat(got.values()).allMatch(n -> n == 1);
  }
}

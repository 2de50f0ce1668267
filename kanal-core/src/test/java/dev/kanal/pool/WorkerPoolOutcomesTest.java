package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The outcome channels: kinds, order, views, closing, leftovers. */
@Timeout(30)
class WorkerPoolOutcomesTest {

  /** Even numbers succeed, multiples of 3 fail, the rest return null. */
  private static Integer judge(Integer n, JobContext job) {
    if (n % 3 == 0) {
      throw new IllegalStateException("no multiples of 3: " + n);
    }
    return n % 2 == 0 ? n : null;
  }

  @Test
  void everyOutcomeKindIsReportedOnceAndTheChannelCloses() {
    try (var pool =
        WorkerPool.<Integer, Integer>builder(WorkerPoolOutcomesTest::judge).workers(3).build()) {
      for (int i = 1; i <= 30; i++) {
        pool.submit(i);
      }
      pool.shutdown();
      List<Long> ids = new ArrayList<>();
      int ok = 0;
      int failed = 0;
      for (Outcome<Integer, Integer> o : pool.outcomes()) {
        ids.add(o.jobId());
        switch (o) {
          case Outcome.Succeeded<Integer, Integer> s -> {
            ok++;
            assertThat(s.result()).isIn(s.input() % 2 == 0 ? s.input() : null);
          }
          case Outcome.Failed<Integer, Integer> f -> {
            failed++;
            assertThat(f.error()).hasMessage("no multiples of 3: " + f.input());
            assertThat(f.attemptErrors()).containsExactly(f.error());
            assertThat(f.critical()).isFalse();
          }
          case Outcome.TimedOut<Integer, Integer> t -> throw new AssertionError(t);
          case Outcome.Cancelled<Integer, Integer> c -> throw new AssertionError(c);
          case Outcome.Rejected<Integer, Integer> r -> throw new AssertionError(r);
        }
      }
      assertThat(ids).doesNotHaveDuplicates().hasSize(30);
      assertThat(failed).isEqualTo(10);
      assertThat(ok).isEqualTo(20);
    }
  }

  @RepeatedTest(3)
  void orderedPoolsDeliverInSubmissionOrder() {
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  Time.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(3)));
                  return n;
                })
            .workers(8)
            .ordered()
            .build()) {
      for (int i = 1; i <= 200; i++) {
        pool.submit(i);
      }
      pool.shutdown();
      List<Integer> seen = new ArrayList<>();
      for (int r : pool.results()) {
        seen.add(r);
      }
      assertThat(seen).isSorted().hasSize(200);
    }
  }

  @Test
  void orderedPoolsSkipRejectedSubmissions() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .workers(1)
            .queueCapacity(1)
            .ordered()
            .build()) {
      List<Integer> accepted = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        if (pool.trySubmit(i).accepted()) {
          accepted.add(i);
        }
      }
      assertThat(accepted.size()).isBetween(1, 2);
      release.countDown();
      pool.shutdown();
      List<Integer> seen = new ArrayList<>();
      pool.results().forEach(seen::add);
      assertThat(seen).containsExactlyElementsOf(accepted);
    }
  }

  @Test
  void orderedPoolsStillDeliverEverythingWhenSubmitsAreRefusedAfterShutdown() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .workers(2)
            .ordered()
            .build();
    for (int i = 1; i <= 50; i++) {
      pool.submit(i);
    }
    pool.shutdown();
    for (int i = 51; i <= 150; i++) { // every refused submit took an id the stream must skip
      assertThat(pool.trySubmit(i).accepted()).isFalse();
    }
    release.countDown();
    List<Integer> seen = new ArrayList<>();
    pool.results().forEach(seen::add);
    assertThat(seen)
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
    assertThat(pool.awaitTermination(Duration.ofSeconds(30))).isTrue();
    for (int i = 151; i <= 250; i++) { // and after termination nothing is left to skip
      assertThat(pool.trySubmit(i).accepted()).isFalse();
    }
    assertThat(pool.metrics().submitted()).isEqualTo(50);
    assertThat(pool.metrics().rejected()).isEqualTo(200);
  }

  @Test
  void resultsAndErrorsSplitTheOutcomes() {
    try (var pool =
        WorkerPool.<Integer, Integer>builder(WorkerPoolOutcomesTest::judge).workers(2).build()) {
      for (int i = 1; i <= 12; i++) {
        pool.submit(i);
      }
      pool.shutdown();
      var results = pool.results();
      var errors = pool.errors();
      List<Integer> rs = new ArrayList<>();
      List<Integer> es = new ArrayList<>();
      // Read both until both are closed, as seed 001's select over results and errCh does.
      boolean rOpen = true;
      boolean eOpen = true;
      while (rOpen || eOpen) {
        Integer r = rOpen ? results.tryReceive(Duration.ofMillis(10)).valueOrNull() : null;
        if (r != null) {
          rs.add(r);
        } else if (rOpen && results.tryReceive().isClosed()) {
          rOpen = false;
        }
        Outcome<Integer, Integer> e =
            eOpen ? errors.tryReceive(Duration.ofMillis(10)).valueOrNull() : null;
        if (e != null) {
          es.add(e.input());
        } else if (eOpen && errors.tryReceive().isClosed()) {
          eOpen = false;
        }
      }
      assertThat(rs).containsExactlyInAnyOrder(2, 4, 8, 10); // 6 and 12 fail; odd ones return null
      assertThat(es).containsExactlyInAnyOrder(3, 6, 9, 12);
      assertThatThrownBy(pool::outcomes)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already read through results()/errors()");
    }
  }

  @Test
  void outcomesAreKeptUntilReadEvenAfterTermination() {
    var pool =
        WorkerPool.<Integer, Integer>builder(WorkerPoolOutcomesTest::judge).workers(2).build();
    for (int i = 1; i <= 600; i++) { // more than a view channel holds
      pool.submit(i);
    }
    pool.close();
    List<Integer> errorsLater = new ArrayList<>();
    int results = 0;
    for (int r : pool.results()) {
      results++;
    }
    for (var e : pool.errors()) {
      errorsLater.add(e.input());
    }
    assertThat(results).isEqualTo(200); // evens that are not multiples of 3
    assertThat(errorsLater).hasSize(200);
  }

  @Test
  void aViewTakenLateStillGetsEverything() throws Exception {
    var pool = WorkerPool.<Integer, Integer>builder((n, job) -> n).workers(2).build();
    for (int i = 1; i <= 50; i++) {
      pool.submit(i);
    }
    Thread.onSpinWait();
    var all = pool.outcomes(); // while running
    pool.shutdown();
    int n = 0;
    for (var o : all) {
      n++;
    }
    assertThat(n).isEqualTo(50);
    assertThat(pool.outcomes()).as("the same channel every time").isSameAs(all);
    assertThatThrownBy(pool::results).hasMessageContaining("already read through outcomes()");
  }

  @Test
  void handlesHaveTheirWholeOutcomeWhenResultsAreReadThroughResults() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  if (n == 0) {
                    gate.await();
                  }
                  return n * 10;
                })
            .workers(2)
            .build()) {
      var results = pool.results(); // successes go straight into this view
      Job<Integer, Integer> waiting = pool.submit(0);
      assertThat(waiting.outcome(Duration.ofMillis(20))).isEmpty();
      List<Job<Integer, Integer>> jobs = new ArrayList<>();
      for (int i = 1; i <= 100; i++) {
        jobs.add(pool.submit(i));
      }
      gate.countDown();
      jobs.add(waiting);
      int sum = 0;
      for (int i = 0; i < jobs.size(); i++) {
        sum += results.receive();
      }
      assertThat(sum).isEqualTo(10 * 5050);
      for (Job<Integer, Integer> j : jobs) {
        Outcome<Integer, Integer> o = j.outcome();
        assertThat(j.isDone()).isTrue();
        assertThat(o)
            .isInstanceOfSatisfying(
                Outcome.Succeeded.class,
                s -> {
                  assertThat(s.jobId()).isEqualTo(j.id());
                  assertThat(s.input()).isEqualTo(j.input());
                  assertThat(s.result()).isEqualTo(j.input() * 10);
                  assertThat(s.attempts()).isEqualTo(1);
                  assertThat(s.workerId()).isBetween(1, 2);
                  assertThat(s.runNanos()).isNotNegative();
                });
        assertThat(j.outcome()).as("the same record every time").isSameAs(o);
      }
    }
  }

  @Test
  void discardedOutcomesAreStillOnTheHandles() {
    try (var pool =
        WorkerPool.<Integer, Integer>builder((n, job) -> n + 1)
            .workers(2)
            .discardOutcomes()
            .build()) {
      Job<Integer, Integer> j = pool.submit(41);
      assertThat(((Outcome.Succeeded<Integer, Integer>) j.outcome()).result()).isEqualTo(42);
      assertThatThrownBy(pool::outcomes)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("discardOutcomes()");
    }
  }
}

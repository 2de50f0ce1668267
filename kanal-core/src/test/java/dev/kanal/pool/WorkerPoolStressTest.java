package dev.kanal.pool;

import static dev.kanal.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.Time;
import dev.kanal.WaitGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The accounting stress test of issue 5: many jobs with random results, random exceptions (retried
 * or not), random slow jobs against a per-job timeout, random null results, random cancels, random
 * resizes from a chaos goroutine, several submitters using all three submit calls, and the pool
 * ended by shutdownNow, its deadline, a critical error or a graceful close at a random moment.
 * Afterwards: every accepted job has exactly one outcome on the outcome channel, the same one on
 * its handle, exactly one final event; nothing is counted twice; no worker is left and no goroutine
 * of the pool is alive.
 *
 * <p>Sized to run in well under a minute on two shared cores; {@code -Dkanal.stress.scale=N}
 * multiplies the number of jobs.
 */
class WorkerPoolStressTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);
  private static final int JOBS = 40_000 * SCALE;

  enum End {
    GRACEFUL,
    SHUTDOWN_NOW,
    DEADLINE,
    CRITICAL
  }

  static final class Critical extends RuntimeException {
    Critical(String m) {
      super(m, null, false, false);
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    long seed = 20250601L;
    for (End end : End.values()) {
      for (boolean ordered : new boolean[] {false, true}) {
        cases.add(Arguments.of(end, ordered, seed++));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} ordered={1} seed={2}")
  @MethodSource("cases")
  @Timeout(120)
  void everyAcceptedJobHasExactlyOneOutcome(End end, boolean ordered, long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    long criticalJob = end == End.CRITICAL ? 1 + rnd.nextInt(JOBS / 2) : -1;
    Map<Long, AtomicInteger> finalEvents = new ConcurrentHashMap<>();
    AtomicInteger listenerCalls = new AtomicInteger();
    String name = "stress-" + end + "-" + ordered;
    WorkerPoolBuilder<Long, Long> b =
        WorkerPool.<Long, Long>builder((input, job) -> work(seed, input, job, criticalJob))
            .name(name)
            .workers(2, 6)
            .keepAlive(Duration.ofMillis(5 + rnd.nextInt(20)))
            .queueCapacity(rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(64))
            .jobTimeout(Duration.ofMillis(3))
            .retry(
                RetryPolicy.attempts(3)
                    .exponentialBackoff(Duration.ofNanos(1), Duration.ofMillis(1))
                    .jitter(0.5)
                    .retryIf(e -> e instanceof IOException || e instanceof JobTimeoutException))
            .critical(e -> e instanceof Critical)
            .listener(
                e -> {
                  listenerCalls.incrementAndGet();
                  long id =
                      switch (e) {
                        case PoolEvent.JobSucceeded s -> s.jobId();
                        case PoolEvent.JobFailed f -> f.jobId();
                        case PoolEvent.JobTimedOut t -> t.jobId();
                        case PoolEvent.JobCancelled c -> c.jobId();
                        default -> 0;
                      };
                  if (id != 0) {
                    finalEvents.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                  }
                });
    if (ordered) {
      b.ordered();
    }
    if (end == End.DEADLINE) {
      b.timeout(Duration.ofMillis(100 + rnd.nextInt(900)));
    }
    WorkerPool<Long, Long> pool = b.build();

    // The reader: every outcome, counted by id.
    Map<Long, Outcome<Long, Long>> seen = new ConcurrentHashMap<>();
    List<String> problems = new ArrayList<>();
    AtomicLong lastId = new AtomicLong();
    Thread reader =
        go(
            () -> {
              for (Outcome<Long, Long> o : pool.outcomes()) {
                if (seen.put(o.jobId(), o) != null) {
                  synchronized (problems) {
                    problems.add("job " + o.jobId() + " has two outcomes");
                  }
                }
                if (ordered && o.jobId() <= lastId.getAndSet(o.jobId())) {
                  synchronized (problems) {
                    problems.add("out of order: " + o.jobId() + " after " + lastId.get());
                  }
                }
              }
            });

    // The submitters: all three submit calls; rejected jobs are told at once.
    ConcurrentLinkedQueue<Job<Long, Long>> accepted = new ConcurrentLinkedQueue<>();
    AtomicLong next = new AtomicLong();
    AtomicBoolean closedForUs = new AtomicBoolean();
    long stopAfter = end == End.SHUTDOWN_NOW ? JOBS / 10 + rnd.nextInt(JOBS * 8 / 10) : -1;
    WaitGroup submitters = new WaitGroup();
    for (int s = 0; s < 3; s++) {
      long subSeed = rnd.nextLong();
      submitters.go(
          () -> {
            SplittableRandom r = new SplittableRandom(subSeed);
            long i;
            while (!closedForUs.get() && (i = next.incrementAndGet()) <= JOBS) {
              Job<Long, Long> j;
              try {
                int how = r.nextInt(10);
                j =
                    how < 6
                        ? pool.submit(i)
                        : how < 8
                            ? pool.trySubmit(i)
                            : pool.submit(i, Duration.ofMillis(r.nextInt(3)));
              } catch (RejectedJobException e) {
                closedForUs.set(true);
                return;
              }
              if (j.accepted()) {
                accepted.add(j);
                if (r.nextInt(200) == 0) {
                  j.cancel();
                }
                if (i == stopAfter) {
                  go(pool::shutdownNow);
                }
              } else if (j.outcome() instanceof Outcome.Rejected<Long, Long> rej
                  && rej.reason() != RejectedJobException.Reason.QUEUE_FULL
                  && rej.reason() != RejectedJobException.Reason.TIMED_OUT) {
                closedForUs.set(true);
              }
            }
          });
    }

    // Chaos: random resizes until the submitters are done.
    AtomicBoolean submitting = new AtomicBoolean(true);
    long chaosSeed = rnd.nextLong();
    Thread chaos =
        go(
            () -> {
              SplittableRandom r = new SplittableRandom(chaosSeed);
              while (submitting.get()) {
                int max = 1 + r.nextInt(8);
                pool.resize(r.nextInt(max + 1), max);
                Time.sleep(Duration.ofMillis(r.nextInt(3)));
              }
            });

    submitters.await();
    submitting.set(false);
    chaos.join();
    pool.shutdown();
    assertThat(pool.awaitTermination(Duration.ofSeconds(60))).as("terminated").isTrue();
    reader.join(30_000);
    assertThat(reader.isAlive()).as("the outcome channel closed after the last outcome").isFalse();

    // Exactly one outcome per accepted job, the same on the channel and on the handle.
    assertThat(problems).isEmpty();
    assertThat(seen).hasSameSizeAs(accepted);
    for (Job<Long, Long> j : accepted) {
      Outcome<Long, Long> o = seen.get(j.id());
      assertThat(o).as("outcome of job %d", j.id()).isNotNull().isSameAs(j.outcome());
      assertThat(o.input()).isEqualTo(j.input());
    }
    // Exactly one final event per accepted job, and no event for anything else.
    assertThat(finalEvents).hasSameSizeAs(accepted);
    assertThat(finalEvents.values()).allSatisfy(c -> assertThat(c).hasValue(1));

    PoolMetrics m = pool.metrics();
    assertThat(m.submitted()).isEqualTo(accepted.size());
    assertThat(m.completed()).isEqualTo(accepted.size());
    assertThat(m.running()).isZero();
    assertThat(m.workers()).isZero();
    assertThat(m.queued()).isZero();
    assertThat(m.retryWaiting()).isZero();
    if (end == End.GRACEFUL) {
      // Every input was offered once: accepted, or refused by trySubmit / submit with timeout.
      assertThat(m.submitted() + m.rejected()).isEqualTo(JOBS);
      assertThat(pool.stopped()).isEmpty();
    } else if (end == End.CRITICAL && criticalJobFailed(accepted, criticalJob)) {
      // Only when the critical input was accepted, not cancelled first, and ran: trySubmit and
      // submit-with-timeout may refuse it, and the chaos goroutine may cancel it.
      assertThat(pool.stopped()).get().isInstanceOf(StopReason.CriticalFailure.class);
    }
    // No worker, pump, dispatcher, supervisor or terminator of this pool is left.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(liveThreads(name + "-")).isEmpty());
  }

  private static boolean criticalJobFailed(
      java.util.Collection<Job<Long, Long>> accepted, long criticalJob) {
    return accepted.stream()
        .anyMatch(j -> j.input() == criticalJob && j.outcome() instanceof Outcome.Failed<?, ?>);
  }

  /** A job whose fate is decided by its input: value, null, failure, flaky, slow, critical. */
  private static Long work(long seed, Long input, JobContext job, long criticalJob)
      throws Exception {
    SplittableRandom r = new SplittableRandom(seed ^ (input * 0x9E3779B97F4A7C15L));
    int dice = r.nextInt(1000);
    if (input == criticalJob) {
      throw new Critical("critical in job " + input);
    }
    if (dice < 100) {
      throw new IOException("retryable failure of " + input); // retried, fails for good
    }
    if (dice < 150) {
      if (job.attempt() == 1) {
        throw new IOException("flaky " + input); // succeeds on the retry
      }
      return input;
    }
    if (dice < 170) {
      throw new IllegalArgumentException("not retried: " + input);
    }
    if (dice < 175) {
      Thread.sleep(20); // slower than the 3ms job timeout
      return input;
    }
    if (dice < 180) {
      job.context().done().receiveOrNull(); // waits for its context to end
      return input;
    }
    if (dice < 200) {
      return null;
    }
    long x = input;
    for (int i = 0; i < r.nextInt(200); i++) {
      x = x * 31 + i;
    }
    return x == 42 ? input : input;
  }

  /** Names of live threads, virtual ones included, that start with {@code prefix}. */
  static List<String> liveThreads(String prefix) throws Exception {
    List<String> names = new ArrayList<>();
    for (String n : ThreadDump.names()) {
      if (n.startsWith(prefix)) {
        names.add(n);
      }
    }
    return names;
  }
}

package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * ErrGroup under load: many rounds of random groups (limit or not, go or tryGo, random
 * failures, tasks that watch the context): every started task runs exactly once, the limit
 * holds, the error is one of the failures and the context's cause, no goroutine is left.
 */
class ErrGroupStressTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);

  @Test
  void randomGroupsLoseNothingAndLeaveNothing() throws Exception {
    int rounds = 300 * SCALE;
    for (int round = 0; round < rounds; round++) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      CancellableContext parent = Context.withCancel(Context.background());
      ErrGroup g = ErrGroup.withContext(parent);
      int limit = rnd.nextBoolean() ? -1 : rnd.nextInt(1, 8);
      g.setLimit(limit);
      int tasks = rnd.nextInt(1, 60);
      double failRate = rnd.nextDouble(0.1);

      Set<Integer> started = new HashSet<>();
      ConcurrentHashMap<Integer, Integer> ran = new ConcurrentHashMap<>();
      Set<Throwable> failures = ConcurrentHashMap.newKeySet();
      ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      Context ctx = g.context();

      for (int id = 0; id < tasks; id++) {
        int taskId = id;
        boolean fails = rnd.nextDouble() < failRate;
        long waitMicros = rnd.nextLong(2_000);
        ErrGroup.Task task =
            () -> {
              threads.add(Thread.currentThread());
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                ran.merge(taskId, 1, Integer::sum);
                if (fails) {
                  RuntimeException e = new RuntimeException("task " + taskId);
                  failures.add(e);
                  throw e;
                }
                // Work that stops early when the group is cancelled.
                ctx.done().tryReceive(Duration.ofNanos(waitMicros * 1_000));
              } finally {
                running.decrementAndGet();
              }
            };
        if (rnd.nextInt(4) == 0) {
          if (g.tryGo(task)) {
            started.add(taskId);
          }
        } else {
          g.go(task);
          started.add(taskId);
        }
      }
      boolean outsideCancel = rnd.nextInt(10) == 0;
      if (outsideCancel) {
        parent.cancel(); // an outside cancel at a random point
      }

      ErrGroup.TaskException err = g.await();

      assertThat(ran.keySet()).isEqualTo(started);
      assertThat(ran.values()).allMatch(n -> n == 1);
      if (limit > 0) {
        assertThat(maxRunning.get()).isLessThanOrEqualTo(limit);
      }
      if (failures.isEmpty()) {
        assertThat(err).isNull();
      } else {
        assertThat(failures).contains(err.getCause());
        if (!outsideCancel) {
          assertThat(ctx.cause()).isSameAs(err);
        }
      }
      assertThat(ctx.isDone()).isTrue();
      for (Thread t : List.copyOf(threads)) {
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
      }
      assertThat(ContextTest.children(parent)).isZero();
    }
  }
}

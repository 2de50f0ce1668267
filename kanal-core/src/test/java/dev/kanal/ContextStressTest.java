package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Context under load: racing cancels from many threads, children born while their parent is
 * cancelled, timers racing cancel, and a million short-lived children that must leave nothing
 * behind (issue 4: "no leak with a million short-lived children: test it").
 */
class ContextStressTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);

  @Test
  void aMillionShortLivedChildrenLeaveNothingBehind() {
    CancellableContext parent = Context.withCancel(Context.background());
    Context.Key<Integer> k = Context.Key.of("i");
    int queueBefore = Time.SCHEDULER.getQueue().size();
    int maxQueue = queueBefore;
    int maxChildren = 0;
    Instant farAway = Instant.now().plus(Duration.ofHours(1));

    for (int i = 0; i < 1_000_000 * SCALE; i++) {
      CancellableContext child =
          switch (i % 4) {
            case 0 -> Context.withTimeout(parent, Duration.ofHours(1));
            case 1 -> Context.withCancel(parent);
            case 2 -> Context.withDeadline(Context.withValue(parent, k, i), farAway);
            default -> Context.withTimeout(Context.withCancel(parent), Duration.ofMinutes(5));
          };
      if (i % 10_000 == 0) {
        maxQueue = Math.max(maxQueue, Time.SCHEDULER.getQueue().size());
        maxChildren = Math.max(maxChildren, ContextTest.children(parent));
      }
      if (i % 4 == 3) {
        // The intermediate withCancel is released through its child's parent chain below.
        child.close();
        ((CancellableContext) ((CancelCtx) child).parent()).close();
      } else {
        child.close();
      }
    }

    assertThat(ContextTest.children(parent)).isZero();
    assertThat(maxChildren).isLessThanOrEqualTo(2);
    // Other tests' timers may come and go meanwhile; ours must not pile up.
    assertThat(maxQueue).isLessThan(queueBefore + 100);
    assertThat(Time.SCHEDULER.getQueue().size()).isLessThan(queueBefore + 100);
    assertThat(parent.isDone()).isFalse();
  }

  @Test
  void expiredChildrenUnlinkThemselvesAndTheirTimersAreGone() throws Exception {
    CancellableContext parent = Context.withCancel(Context.background());
    int n = 10_000 * SCALE;
    List<CancellableContext> kids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      kids.add(Context.withTimeout(parent, Duration.ofMillis(1 + i % 20)));
    }
    for (CancellableContext kid : kids) {
      kid.done().receiveOrNull();
    }
    assertThat(kids).allMatch(c -> c.err() instanceof DeadlineExceededException);
    assertThat(ContextTest.children(parent)).isZero();
  }

  @Test
  void racingCancelsAgreeOnOneErrorAndOneCause() throws Exception {
    int rounds = 300 * SCALE;
    int threads = 8;
    for (int round = 0; round < rounds; round++) {
      CancellableContext root = Context.withCancel(Context.background());
      List<CancellableContext> children = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        children.add(Context.withTimeout(root, Duration.ofMinutes(1)));
      }
      List<Throwable> causes = new ArrayList<>();
      ConcurrentLinkedQueue<ContextException> seen = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Throwable cause = new RuntimeException("cause " + t);
        causes.add(cause);
        CancellableContext target = t % 2 == 0 ? root : children.get(t % children.size());
        ts.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        start.await();
                        target.cancel(cause);
                        target.cancel();
                        seen.add(target.err());
                        root.done().receiveOrNull();
                        seen.add(root.err());
                      } catch (Throwable e) {
                        failures.add(e);
                      }
                    }));
      }
      start.countDown();
      for (Thread t : ts) {
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
      }

      assertThat(failures).isEmpty();
      ContextException rootErr = root.err();
      assertThat(rootErr).isInstanceOf(ContextCancelledException.class);
      assertThat(Set.copyOf(causes)).contains(root.cause());
      assertThat(seen).allMatch(e -> e != null);
      assertThat(seen.stream().filter(e -> e != rootErr))
          .allMatch(e -> causes.contains(e.getCause()));
      assertThat(children).allMatch(Context::isDone);
      assertThat(ContextTest.children(root)).isZero();
    }
  }

  @Test
  void childrenBornWhileTheParentIsCancelledAllEnd() throws Exception {
    int rounds = 200 * SCALE;
    for (int round = 0; round < rounds; round++) {
      CancellableContext root = Context.withCancel(Context.background());
      ConcurrentLinkedQueue<Context> born = new ConcurrentLinkedQueue<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> makers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        makers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        start.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                      for (int i = 0; i < 50; i++) {
                        Context c =
                            ThreadLocalRandom.current().nextBoolean()
                                ? Context.withCancel(root)
                                : Context.withTimeout(
                                    Context.withValue(root, Context.Key.of("k"), i),
                                    Duration.ofMinutes(1));
                        born.add(c);
                      }
                    }));
      }
      start.countDown();
      if (ThreadLocalRandom.current().nextBoolean()) {
        Thread.yield();
      }
      root.cancel();
      for (Thread t : makers) {
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
      }

      assertThat(born).hasSize(200);
      assertThat(born).allSatisfy(c -> {
        assertThat(c.err()).isSameAs(root.err());
        assertThat(c.done().tryReceive().isClosed()).isTrue();
      });
      assertThat(ContextTest.children(root)).isZero();
    }
  }

  @Test
  void timersRacingCancelEndWithOneStableReasonAndLeaveNoTimer() throws Exception {
    int queueBefore = Time.SCHEDULER.getQueue().size();
    int n = 2_000 * SCALE;
    List<CancellableContext> all = new ArrayList<>(n);
    CountDownLatch cancelled = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      CancellableContext c =
          Context.withTimeout(
              Context.background(),
              Duration.ofNanos(ThreadLocalRandom.current().nextLong(2_000_000)));
      all.add(c);
      Thread.ofVirtual()
          .start(
              () -> {
                c.cancel();
                cancelled.countDown();
              });
    }
    assertThat(cancelled.await(30, TimeUnit.SECONDS)).isTrue();

    for (CancellableContext c : all) {
      ContextException e = c.err();
      assertThat(e).isNotNull();
      assertThat(c.err()).isSameAs(e);
      assertThat(c.done().tryReceive().isClosed()).isTrue();
    }
    assertThat(Time.SCHEDULER.getQueue().size()).isLessThan(queueBefore + 100);
  }
}

package dev.kanal;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Context's contract (issue 4): background, cancel, timeout, deadline, value, the tree. */
class ContextTest {

  private static final Duration LONG = Duration.ofSeconds(30);

  /** How many children are linked to {@code ctx} now (the package-private leak probe). */
  static int children(Context ctx) {
    return ((CancelCtx) ctx).childCount();
  }

  // ------------------------------------------------------------------ background

  @Test
  void aTimeoutPastTheEndOfTimeIsADeadlineAtInstantMax() {
    try (CancellableContext c =
        Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE))) {
      assertThat(c.deadline()).contains(Instant.MAX);
      assertThat(c.err()).isNull();
    }
  }

  @Test
  void backgroundNeverEndsAndCarriesNothing() {
    Context bg = Context.background();

    assertThat((Object) bg).isSameAs(Context.background());
    assertThat(bg.err()).isNull();
    assertThat(bg.cause()).isNull();
    assertThat(bg.isDone()).isFalse();
    assertThat(bg.deadline()).isEmpty();
    assertThat(bg.value(Context.Key.<String>of("any"))).isNull();
    assertThat(bg.done().tryReceive().isClosed()).isFalse();
    assertThat(bg.done().tryReceive(Duration.ofMillis(20)).hasValue()).isFalse();
    bg.throwIfDone(); // does not throw
  }

  // ------------------------------------------------------------------ cancel

  @Test
  void cancelClosesDoneAndSetsErrOnce() {
    CancellableContext ctx = Context.withCancel(Context.background());
    assertThat(ctx.err()).isNull();
    assertThat(ctx.isDone()).isFalse();
    assertThat(ctx.done().tryReceive().isClosed()).isFalse();

    ctx.cancel();

    assertThat(ctx.done().tryReceive().isClosed()).isTrue();
    assertThat(ctx.done().receiveOrNull()).isNull();
    ContextException err = ctx.err();
    assertThat(err).isInstanceOf(ContextCancelledException.class).hasMessage("context cancelled");
    assertThat(ctx.err()).isSameAs(err);
    assertThat(ctx.cause()).isSameAs(err);
    assertThat(ctx.isDone()).isTrue();
    assertThatThrownBy(ctx::throwIfDone).isSameAs(err);
  }

  @Test
  void doneMadeBeforeCancelIsTheOneThatCloses() {
    CancellableContext ctx = Context.withCancel(Context.background());
    ReceiveChannel<Void> done = ctx.done();
    assertThat(ctx.done()).isSameAs(done);

    ctx.cancel();

    assertThat(done.tryReceive().isClosed()).isTrue();
  }

  @Test
  void closeIsCancelSoTryWithResourcesIsDeferCancel() {
    CancellableContext escaped;
    try (CancellableContext ctx = Context.withCancel(Context.background())) {
      escaped = ctx;
      assertThat(ctx.isDone()).isFalse();
    }
    assertThat(escaped.err()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void cancelIsIdempotentAndTheFirstCauseWins() {
    CancellableContext ctx = Context.withCancel(Context.background());
    IllegalStateException first = new IllegalStateException("disk full");

    ctx.cancel(first);
    ContextException err = ctx.err();
    ctx.cancel(new RuntimeException("later"));
    ctx.cancel();
    ctx.close();

    assertThat(ctx.err()).isSameAs(err);
    assertThat(ctx.cause()).isSameAs(first);
  }

  @Test
  void causeRoundTrips() {
    CancellableContext ctx = Context.withCancel(Context.background());
    Exception cause = new Exception("critical error with Charlie");

    ctx.cancel(cause);

    assertThat(ctx.cause()).isSameAs(cause);
    assertThat(ctx.err()).isInstanceOf(ContextCancelledException.class).hasCause(cause);
    assertThat(ctx.err().getMessage()).contains("context cancelled", "critical error with Charlie");
  }

  @Test
  void causeReachesEveryDescendant() {
    CancellableContext root = Context.withCancel(Context.background());
    Context.Key<String> k = Context.Key.of("k");
    CancellableContext grandchild =
        Context.withTimeout(Context.withValue(Context.withCancel(root), k, "v"), LONG);
    Exception cause = new Exception("why");

    root.cancel(cause);

    assertThat(grandchild.cause()).isSameAs(cause);
    assertThat(grandchild.err()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void errIsOneOfExactlyTwoReasons() {
    assertThat(ContextException.class.getPermittedSubclasses())
        .containsExactlyInAnyOrder(ContextCancelledException.class, DeadlineExceededException.class);

    CancellableContext cancelled = Context.withCancel(Context.background());
    cancelled.cancel();
    CancellableContext expired = Context.withDeadline(Context.background(), Instant.now());

    assertThat(cancelled.err()).isInstanceOf(ContextCancelledException.class);
    assertThat(expired.err()).isInstanceOf(DeadlineExceededException.class)
        .hasMessage("context deadline exceeded");
    assertThat(expired.cause()).isSameAs(expired.err());
  }

  @Test
  void errIsCheapToThrowAndHasNoStackTrace() {
    CancellableContext ctx = Context.withCancel(Context.background());
    ctx.cancel();

    assertThat(ctx.err().getStackTrace()).isEmpty();
    ctx.err().addSuppressed(new RuntimeException("ignored: the shared instance is immutable"));
    assertThat(ctx.err().getSuppressed()).isEmpty();
  }

  // ------------------------------------------------------------------ timeout, deadline

  @Test
  void timeoutEndsWithDeadlineExceeded() {
    long start = System.nanoTime();
    CancellableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(100));
    assertThat(ctx.deadline()).isPresent();
    assertThat(ctx.deadline().get())
        .isBetween(Instant.now().plusMillis(50), Instant.now().plusMillis(101));

    assertThat(ctx.done().receiveOrNull()).isNull(); // blocks until the deadline

    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(95);
    assertThat(ctx.err()).isInstanceOf(DeadlineExceededException.class);
    assertThat(ctx.cause()).isSameAs(ctx.err());
  }

  @Test
  void cancelBeforeTheDeadlineSaysCancelled() {
    CancellableContext ctx = Context.withTimeout(Context.background(), LONG);
    assertThat(ctx.isDone()).isFalse();

    ctx.cancel();

    assertThat(ctx.err()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void deadlineInThePastEndsAtOnce() {
    CancellableContext ctx =
        Context.withDeadline(Context.background(), Instant.now().minusSeconds(1));

    assertThat(ctx.isDone()).isTrue();
    assertThat(ctx.done().tryReceive().isClosed()).isTrue();
    assertThat(ctx.err()).isInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void aDeadlineCenturiesInThePastEndsAtOnceToo() {
    // More than 292 years away does not fit a long of nanoseconds: it must still read as past.
    for (Instant past : List.of(Instant.MIN, Instant.parse("1600-01-01T00:00:00Z"))) {
      assertThat(Context.withDeadline(Context.background(), past).err())
          .as("deadline %s", past)
          .isInstanceOf(DeadlineExceededException.class);
    }
    assertThat(Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MIN_VALUE)).err())
        .isInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void zeroAndNegativeTimeoutsEndAtOnce() {
    assertThat(Context.withTimeout(Context.background(), Duration.ZERO).err())
        .isInstanceOf(DeadlineExceededException.class);
    assertThat(Context.withTimeout(Context.background(), Duration.ofSeconds(-5)).err())
        .isInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void hugeTimeoutsDoNotOverflow() {
    CancellableContext ctx = Context.withDeadline(Context.background(), Instant.MAX);
    assertThat(ctx.isDone()).isFalse();
    assertThat(ctx.deadline()).contains(Instant.MAX);
    ctx.cancel();
    assertThat(ctx.err()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void childInheritsAnEarlierParentDeadline() {
    Instant parentDeadline = Instant.now().plusSeconds(60);
    CancellableContext parent = Context.withDeadline(Context.background(), parentDeadline);

    CancellableContext later = Context.withDeadline(parent, parentDeadline.plusSeconds(60));
    CancellableContext earlier = Context.withTimeout(parent, Duration.ofSeconds(1));
    Context valued = Context.withValue(parent, Context.Key.of("k"), 1);

    assertThat(later.deadline()).contains(parentDeadline);
    assertThat(valued.deadline()).contains(parentDeadline);
    assertThat(earlier.deadline().get()).isBefore(parentDeadline);
    assertThat(Context.withCancel(parent).deadline()).contains(parentDeadline);
  }

  @Test
  void parentDeadlineReachesTheChildAsDeadlineExceeded() {
    CancellableContext parent = Context.withTimeout(Context.background(), Duration.ofMillis(50));
    CancellableContext child = Context.withCancel(parent);

    child.done().receiveOrNull();

    assertThat(child.err()).isInstanceOf(DeadlineExceededException.class);
  }

  // ------------------------------------------------------------------ values

  @Test
  void valuesAreFoundOnTheNearestAncestorByKeyIdentity() {
    Context.Key<String> user = Context.Key.of("user");
    Context.Key<String> sameName = Context.Key.of("user");
    Context.Key<Integer> attempt = Context.Key.of("attempt");

    Context a = Context.withValue(Context.background(), user, "alice");
    CancellableContext c = Context.withCancel(a);
    Context b = Context.withValue(Context.withValue(c, attempt, 1), user, "bob");

    assertThat(b.value(user)).isEqualTo("bob");
    assertThat(b.value(attempt)).isEqualTo(1);
    assertThat(b.value(sameName)).isNull();
    assertThat(c.value(user)).isEqualTo("alice");
    assertThat(a.value(attempt)).isNull();
    assertThat(user.toString()).contains("user");
  }

  @Test
  void valueContextEndsExactlyWithItsParent() {
    CancellableContext parent = Context.withCancel(Context.background());
    Context v = Context.withValue(parent, Context.Key.of("k"), "x");
    assertThat(v.isDone()).isFalse();

    parent.cancel();

    assertThat(v.done().tryReceive().isClosed()).isTrue();
    assertThat(v.err()).isSameAs(parent.err());
  }

  @Test
  void nullArgumentsAreRejectedWithTheirName() {
    assertThatNullPointerException()
        .isThrownBy(() -> Context.withCancel(null))
        .withMessage("parent");
    assertThatNullPointerException()
        .isThrownBy(() -> Context.withTimeout(Context.background(), null))
        .withMessage("timeout");
    assertThatNullPointerException()
        .isThrownBy(() -> Context.withDeadline(Context.background(), null))
        .withMessage("deadline");
    assertThatNullPointerException()
        .isThrownBy(() -> Context.withValue(Context.background(), Context.Key.of("k"), null))
        .withMessage("value");
    assertThatNullPointerException()
        .isThrownBy(() -> Context.withValue(Context.background(), null, "v"))
        .withMessage("key");
  }

  // ------------------------------------------------------------------ done in select

  @Test
  void doneIsUsableInSelectLikeAnyChannel() throws Exception {
    CancellableContext ctx = Context.withCancel(Context.background());
    Channel<String> jobs = Channel.unbuffered();
    Channel<String> seen = Channel.buffered(10);

    Thread worker =
        go(
            () -> {
              while (true) {
                String r =
                    select(
                        ctx.done().onReceiveApply(x -> "stop"),
                        jobs.onReceiveApply(p -> "job " + p));
                seen.send(r);
                if (r.equals("stop")) {
                  return;
                }
              }
            });
    jobs.send("Alice");
    jobs.send("Bob");
    ctx.cancel();

    assertThat(worker.join(Duration.ofSeconds(10))).isTrue();
    assertThat(List.of(seen.receive(), seen.receive(), seen.receive()))
        .containsExactly("job Alice", "job Bob", "stop");
  }

  @Test
  void selectOnBackgroundDoneNeverFires() {
    String r =
        select(
            Context.background().done().onReceiveApply(x -> "done"),
            Select.timeout(Duration.ofMillis(20), () -> "timeout"));
    assertThat(r).isEqualTo("timeout");
  }

  // ------------------------------------------------------------------ the tree

  @Test
  void cancellingAParentCancelsEveryChildBeforeCancelReturns() {
    CancellableContext root = Context.withCancel(Context.background());
    List<Context> tree = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      CancellableContext child = i % 2 == 0 ? Context.withCancel(root) : Context.withTimeout(root, LONG);
      tree.add(child);
      Context valued = Context.withValue(child, Context.Key.of("i"), i);
      tree.add(valued);
      for (int j = 0; j < 5; j++) {
        tree.add(Context.withDeadline(valued, Instant.now().plus(LONG)));
      }
    }
    assertThat(tree).noneMatch(Context::isDone);

    root.cancel();

    assertThat(tree).allSatisfy(c -> {
      assertThat(c.err()).isSameAs(root.err());
      assertThat(c.done().tryReceive().isClosed()).isTrue();
    });
    assertThat(children(root)).isZero();
  }

  @Test
  void everyGoroutineWaitingOnADescendantWakes() throws Exception {
    CancellableContext root = Context.withCancel(Context.background());
    int n = 200;
    CountDownLatch woke = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      Context child = Context.withCancel(Context.withCancel(root));
      go(
          () -> {
            child.done().receiveOrNull();
            woke.countDown();
          });
    }

    root.cancel();

    assertThat(woke.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aChildNeverCancelsItsParent() {
    CancellableContext parent = Context.withCancel(Context.background());
    CancellableContext sibling = Context.withCancel(parent);
    CancellableContext child = Context.withCancel(parent);
    CancellableContext timed = Context.withTimeout(parent, Duration.ZERO);

    child.cancel(new RuntimeException("child failure"));

    assertThat(timed.err()).isInstanceOf(DeadlineExceededException.class);
    assertThat(parent.isDone()).isFalse();
    assertThat(sibling.isDone()).isFalse();
    assertThat(parent.done().tryReceive().isClosed()).isFalse();
    assertThat(children(parent)).isEqualTo(1); // only the sibling is still linked
  }

  @Test
  void aChildOfAnEndedParentIsBornEnded() {
    CancellableContext parent = Context.withCancel(Context.background());
    parent.cancel(new IllegalStateException("gone"));

    CancellableContext child = Context.withTimeout(parent, LONG);

    assertThat(child.err()).isSameAs(parent.err());
    assertThat(child.cause()).isSameAs(parent.cause());
    assertThat(child.done().tryReceive().isClosed()).isTrue();
    assertThat(children(parent)).isZero();
  }

  @Test
  void aDeepChainCancelsWithoutOverflowingTheStack() {
    CancellableContext root = Context.withCancel(Context.background());
    Context c = root;
    for (int i = 0; i < 100_000; i++) {
      c = Context.withCancel(c);
    }
    Context leaf = c;

    root.cancel();

    assertThat(leaf.err()).isSameAs(root.err());
  }

  @Test
  void toStringShowsTheChainAndTheReason() {
    CancellableContext ctx = Context.withCancel(Context.background());
    assertThat(ctx.toString()).isEqualTo("context.Background.WithCancel");
    ctx.cancel();
    assertThat(ctx.toString()).contains("context cancelled");
  }

  @Test
  void aChildWhoseTimerFiresUnlinksItselfFromTheParent() {
    // The timer ends the child on the scheduler thread; nothing to latch on, so poll.
    CancellableContext parent = Context.withCancel(Context.background());
    for (int i = 0; i < 100; i++) {
      Context.withTimeout(parent, Duration.ofMillis(1 + i % 10));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> children(parent) == 0);
    assertThat(parent.isDone()).isFalse();
  }
}

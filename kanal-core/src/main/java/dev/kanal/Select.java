package dev.kanal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Go's {@code select}: wait on several channel operations at once and run the one that can
 * proceed.
 *
 * <pre>{@code
 * import static dev.kanal.Select.*;
 *
 * select(
 *     c1.onReceive(msg -> System.out.println("received " + msg)),
 *     c2.onReceive(msg -> System.out.println("received " + msg)),
 *     timeout(Duration.ofSeconds(1), () -> System.out.println("timeout 1")));
 *
 * String v = select(c1.onReceive(), otherwise(() -> "nothing"));   // non-blocking
 * return select(complete.onReceiveApply(err -> err), timeout.onReceiveApply(t -> ErrTimeout));
 * }</pre>
 *
 * <p>Semantics are Go's: the select blocks until one case can proceed; when several can, it
 * picks one uniformly at random, so no case starves; an {@link #otherwise default} case makes
 * it non-blocking; a {@link #timeout} case bounds the wait; a case on a {@code null} channel
 * never fires; a receive case on a closed channel is always ready and its handler gets
 * {@code null}; a send case on a closed channel throws {@link ChannelClosedException} (Go
 * panics). The handler of the chosen case runs after every channel lock is released, on the
 * selecting thread, and its result is what {@code select} returns.
 *
 * <h2>Implementation</h2>
 *
 * <p>Go's {@code selectgo}, three passes, after a lock-free one. The cases are polled in a fresh
 * uniformly random order (Fisher-Yates). Pass 0, without any lock: each buffered case tries its
 * channel's lock-free send or receive, and the first that succeeds is the select's case (it was
 * ready when it was taken, which is all that select promises); the pass stops early at a case
 * that only the lock can answer (an unbuffered channel that may be ready, or parties waiting on
 * that side of a buffered one). Pass 1: lock every distinct channel in the global order of
 * {@link HChan#id()} (so two selects never deadlock), then poll the cases in the same order and
 * take the first that is ready. Pass 2, if none is and there is no default: enqueue one {@link
 * Waiter} per case, all on one {@link Parker}, unlock, and park. A waker on any of those channels
 * claims the parker by CAS, which both decides the winning case and excludes every other waker.
 * Pass 3: unlink the losing waiters, channel by channel. A select with a single channel case
 * (plus at most a default or a timeout) skips all of that and runs as the plain channel
 * operation, with its lock-free fast paths. A select of exactly two channel cases (the commonest
 * kind, as in Go) runs pass 0 inline, before it has even made the array of its cases, and goes on
 * to the locked passes in the order it drew, never a new one: drawing again would favour a case
 * that is ready without the lock over one that only the lock can take.
 *
 * <p>Whether a select blocks or takes its default is decided only in pass 1, under every lock:
 * "none of the cases is ready" must hold at one instant, which polls at different moments cannot
 * show. Until it has to wait, a select of up to 16 cases allocates nothing of its own: the poll
 * order and the lock order are case indices packed into a {@code long}.
 */
public final class Select {
  private Select() {}

  /**
   * Blocks until one of {@code cases} can proceed, runs it and returns its handler's result.
   * With an {@link #otherwise} case it never blocks; with a {@link #timeout} case it blocks at
   * most that long. With no case that can ever fire it blocks until interrupted, as Go's
   * {@code select {}} does.
   *
   * @throws ChannelClosedException if the chosen case sends on a closed channel
   * @throws OperationInterruptedException if the thread is interrupted while blocked
   * @throws IllegalArgumentException if there are two defaults, two timeouts, or both
   */
  @SafeVarargs
  public static <R> R select(SelectCase<? extends R>... cases) {
    // No defensive copy: run() only reads the array, and a varargs array is the caller's own.
    return run(cases);
  }

  /**
   * {@link #select(SelectCase[])} with two cases. The commonest two-case select, one channel case
   * and a default (Go's non-blocking send or receive) or a timeout, goes straight to the channel
   * operation, without the varargs array and through a method small enough to inline whole, so
   * that escape analysis can drop the two cases as well (docs/BENCHMARKS.md, SelectNonblock).
   */
  public static <R> R select(SelectCase<? extends R> first, SelectCase<? extends R> second) {
    if (first != null && second != null) {
      if (first.isChannelCase()) {
        if (second.kind >= SelectCase.DEFAULT) {
          return oneOr(first, second);
        }
        if (second.isChannelCase()) {
          boolean swap = ThreadLocalRandom.current().nextBoolean();
          Object r = swap ? readyOf(second, first) : readyOf(first, second);
          if (r != NOT_READY) {
            @SuppressWarnings("unchecked")
            R result = (R) r;
            return result;
          }
          // The locked passes must go on in the order just drawn: drawing again would favour a
          // case that is ready without the lock over one that only the lock can take.
          @SuppressWarnings("unchecked")
          SelectCase<? extends R>[] drawn =
              (SelectCase<? extends R>[])
                  (swap ? new SelectCase<?>[] {second, first} : new SelectCase<?>[] {first, second});
          return many(drawn, 2, null, null, 0L, false);
        }
      } else if (second.isChannelCase() && first.kind >= SelectCase.DEFAULT) {
        return oneOr(second, first);
      }
    }
    @SuppressWarnings("unchecked")
    SelectCase<? extends R>[] cases =
        (SelectCase<? extends R>[]) new SelectCase<?>[] {first, second};
    return run(cases);
  }

  /** What {@link #readyOf} returns when neither case could fire without the lock. */
  private static final Object NOT_READY = new Object();

  /**
   * Pass 0 of a two-channel select, in the order {@code a}, {@code b} (the caller picks it at
   * random): fires the first case that is ready without a lock, as {@link #many} does, and stops
   * at a case that only the lock can answer. What it saves is the array and the call into {@link
   * #run}; the two cases the caller made are still allocated (the JIT compiles this method on its
   * own, too big to inline with the channel operations in it, so the cases escape into it).
   */
  private static <R> Object readyOf(SelectCase<? extends R> a, SelectCase<? extends R> b) {
    Object r = tryNoLock(a);
    if (r == null) {
      return NOT_READY;
    }
    if (r != HChan.EMPTY && r != HChan.FULL) {
      return fire(a, r);
    }
    r = tryNoLock(b);
    if (r == null || r == HChan.EMPTY || r == HChan.FULL) {
      return NOT_READY;
    }
    return fire(b, r);
  }

  /**
   * A channel case's operation without the lock, never blocking: its outcome, {@link HChan#EMPTY}
   * or {@link HChan#FULL} if it is not ready, or null if only the lock can tell.
   */
  private static Object tryNoLock(SelectCase<?> c) {
    return c.kind == SelectCase.RECEIVE ? c.chan.receiveNoLock() : c.chan.sendNoLock(c.value);
  }

  /** One channel case {@code c} and a default or timeout case {@code alt}. */
  private static <R> R oneOr(SelectCase<? extends R> c, SelectCase<? extends R> alt) {
    if (alt.kind == SelectCase.DEFAULT || alt.timeoutNanos == 0) {
      return one(c, alt, null, 0L); // a zero timeout is a default: see run
    }
    return one(c, null, alt, HChan.deadlineAfter(alt.timeoutNanos));
  }

  /** {@link #select(SelectCase[])} over a list, for a number of cases known only at run time. */
  @SuppressWarnings("unchecked")
  public static <R> R select(List<? extends SelectCase<? extends R>> cases) {
    return (R) run(cases.toArray(new SelectCase<?>[0]));
  }

  /**
   * A case that receives from {@code ch} and returns {@code handler}'s result; the handler gets
   * {@code null} when the channel is closed and drained. A {@code null} channel never fires.
   */
  public static <E, R> SelectCase<R> onReceiveApply(
      ReceiveChannel<E> ch, Function<? super E, ? extends R> handler) {
    Objects.requireNonNull(handler, "handler");
    @SuppressWarnings("unchecked")
    Function<Object, ? extends R> h = (Function<Object, ? extends R>) handler;
    return SelectCase.receive(impl(ch), h);
  }

  /** A case that receives from {@code ch} and passes the value (or {@code null}) to handler. */
  public static <E> SelectCase<Void> onReceive(ReceiveChannel<E> ch, Consumer<? super E> handler) {
    Objects.requireNonNull(handler, "handler");
    return onReceiveApply(
        ch,
        (E v) -> {
          handler.accept(v);
          return null;
        });
  }

  /**
   * A case that sends {@code value} on {@code ch} and then returns what {@code then} supplies
   * ({@code null} if {@code then} is null). A {@code null} channel never fires.
   */
  public static <E, R> SelectCase<R> onSend(
      SendChannel<E> ch, E value, Supplier<? extends R> then) {
    Objects.requireNonNull(value, "cannot send null: null is never a value on a channel");
    return SelectCase.send(impl(ch), value, then);
  }

  /** A case that sends {@code value} on {@code ch} and then runs {@code then} (may be null). */
  public static <E> SelectCase<Void> onSend(SendChannel<E> ch, E value, Runnable then) {
    return onSend(ch, value, then == null ? null : asSupplier(then));
  }

  /** Go's {@code default:}: chosen at once when no other case is ready. */
  public static <R> SelectCase<R> otherwise(Supplier<? extends R> then) {
    return SelectCase.otherwise(Objects.requireNonNull(then, "then"));
  }

  /** Go's {@code default:} with a statement. */
  public static SelectCase<Void> otherwise(Runnable then) {
    return SelectCase.otherwise(asSupplier(Objects.requireNonNull(then, "then")));
  }

  /**
   * Chosen when no other case became ready within {@code after}: Go's
   * {@code case <-time.After(d):}, without creating a timer.
   */
  public static <R> SelectCase<R> timeout(Duration after, Supplier<? extends R> then) {
    return SelectCase.timeout(HChan.saturatedNanos(after), Objects.requireNonNull(then, "then"));
  }

  /** A {@link #timeout(Duration, Supplier)} case with a statement. */
  public static SelectCase<Void> timeout(Duration after, Runnable then) {
    return SelectCase.timeout(
        HChan.saturatedNanos(after), asSupplier(Objects.requireNonNull(then, "then")));
  }

  private static Supplier<Void> asSupplier(Runnable r) {
    return () -> {
      r.run();
      return null;
    };
  }

  @SuppressWarnings("unchecked")
  static HChan<Object> impl(SendChannel<?> ch) {
    if (ch == null) {
      return null;
    }
    return (HChan<Object>) (ch instanceof SendOnlyView<?> v ? v.chan : (HChan<?>) ch);
  }

  @SuppressWarnings("unchecked")
  static HChan<Object> impl(ReceiveChannel<?> ch) {
    if (ch == null) {
      return null;
    }
    return (HChan<Object>) (ch instanceof ReceiveOnlyView<?> v ? v.chan : (HChan<?>) ch);
  }

  // ---------------------------------------------------------------- context-aware operations

  private static final Object CONTEXT_ENDED = new Object();

  /** A send that gives up with the context's error when the context ends first. */
  static <E> void send(SendChannel<E> ch, E value, Context ctx) {
    Objects.requireNonNull(value, "cannot send null: null is never a value on a channel");
    ContextException ended = ctx.err();
    if (ended != null) {
      throw ended;
    }
    HChan<Object> c = impl(ch);
    if (ctx.done() == Background.INSTANCE.done()) {
      if (c.sendRaw(value, true, false, 0L) == HChan.CLOSED) {
        throw new ChannelClosedException("send on closed channel");
      }
      return;
    }
    Object r = select(SelectCase.send(c, value, null), ctx.done().onReceiveApply(x -> CONTEXT_ENDED));
    if (r == CONTEXT_ENDED) {
      throw ctx.err();
    }
  }

  /** A receive that gives up when the context ends: the value, or {@link HChan#CLOSED}. */
  static Object receive(ReceiveChannel<?> ch, Context ctx) {
    ContextException ended = ctx.err();
    if (ended != null) {
      throw ended;
    }
    HChan<Object> c = impl(ch);
    if (ctx.done() == Background.INSTANCE.done()) {
      return c.receiveRaw(true, false, 0L);
    }
    Object r =
        select(
            SelectCase.receive(c, v -> v == null ? HChan.CLOSED : v),
            ctx.done().onReceiveApply(x -> CONTEXT_ENDED));
    if (r == CONTEXT_ENDED) {
      throw ctx.err();
    }
    return r;
  }

  // ---------------------------------------------------------------- the algorithm

  private static <R> R run(SelectCase<? extends R>[] cases) {
    SelectCase<? extends R> dflt = null;
    SelectCase<? extends R> timeout = null;
    int channelCases = 0;
    SelectCase<? extends R> single = null;
    for (SelectCase<? extends R> c : cases) {
      Objects.requireNonNull(c, "a select case is null");
      switch (c.kind) {
        case SelectCase.DEFAULT -> {
          if (dflt != null) {
            throw new IllegalArgumentException("a select has at most one default case");
          }
          dflt = c;
        }
        case SelectCase.TIMEOUT -> {
          if (timeout != null) {
            throw new IllegalArgumentException("a select has at most one timeout case");
          }
          timeout = c;
        }
        default -> {
          if (c.chan != null) {
            channelCases++;
            single = c;
          }
        }
      }
    }
    if (dflt != null && timeout != null) {
      throw new IllegalArgumentException(
          "a select cannot have both a default and a timeout case: the default always wins");
    }
    if (timeout != null && timeout.timeoutNanos == 0) {
      // No time to wait: the timeout acts as a default case (SEMANTICS.md), which never parks
      // and so never looks at the interrupt status either.
      dflt = timeout;
      timeout = null;
    }
    boolean timed = timeout != null;
    long deadline = timed ? HChan.deadlineAfter(timeout.timeoutNanos) : 0L;

    if (channelCases == 0) {
      return nothingToWaitFor(dflt, timeout, deadline);
    }
    if (channelCases == 1) {
      return one(single, dflt, timeout, deadline);
    }
    return many(cases, channelCases, dflt, timeout, deadline, true);
  }

  /** No channel can ever fire: default, sleep until the timeout, or block until interrupted. */
  private static <R> R nothingToWaitFor(
      SelectCase<? extends R> dflt, SelectCase<? extends R> timeout, long deadline) {
    if (dflt != null) {
      return dflt.proceed();
    }
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new OperationInterruptedException("select");
      }
      if (timeout == null) {
        LockSupport.park();
      } else {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return timeout.proceed();
        }
        LockSupport.parkNanos(remaining);
      }
    }
  }

  /** One channel case: the plain channel operation, with its fast paths. */
  private static <R> R one(
      SelectCase<? extends R> c,
      SelectCase<? extends R> dflt,
      SelectCase<? extends R> timeout,
      long deadline) {
    boolean block = dflt == null;
    boolean timed = timeout != null;
    if (c.kind == SelectCase.RECEIVE) {
      Object r = c.chan.receiveRaw(block, timed, deadline);
      if (r == HChan.EMPTY) {
        return timed ? timeout.proceed() : dflt.proceed();
      }
      return c.received(r);
    }
    Object r = c.chan.sendRaw(c.value, block, timed, deadline);
    if (r == HChan.CLOSED) {
      throw new ChannelClosedException("send on closed channel (in select)");
    }
    if (r == HChan.FULL) {
      return timed ? timeout.proceed() : dflt.proceed();
    }
    return c.proceed();
  }

  /**
   * Up to this many cases (every select but the rarest) the poll order and the lock order are
   * lists of case indices packed 4 bits each into a {@code long}, so that the multi-channel path
   * allocates nothing until it has to wait; larger selects use {@code int} arrays.
   */
  private static final int PACKED_MAX = 16;

  private static final long NIBBLE = 15L;

  /** Element {@code k} of a list of case indices: packed in {@code small}, or {@code big[k]}. */
  private static int at(long small, int[] big, int k) {
    return big == null ? (int) (small >>> (k << 2)) & 15 : big[k];
  }

  /** {@code small} with element {@code k} set to {@code i} (both below 16). */
  private static long with(long small, int k, int i) {
    int shift = k << 2;
    return (small & ~(NIBBLE << shift)) | ((long) i << shift);
  }

  private static <R> R many(
      SelectCase<? extends R>[] cases,
      int channelCases,
      SelectCase<? extends R> dflt,
      SelectCase<? extends R> timeout,
      long deadline,
      boolean shuffle) {
    // Poll order: a uniformly random permutation of the channel cases (Fisher-Yates, inside out),
    // or, when the caller has drawn it already, the order of the array.
    int n = channelCases;
    int[] bigOrder = cases.length <= PACKED_MAX ? null : new int[n];
    long order = 0L;
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int i = 0, k = 0; i < cases.length; i++) {
      if (cases[i].isChannelCase()) {
        int j = shuffle ? rnd.nextInt(k + 1) : k;
        if (bigOrder == null) {
          order = with(with(order, k, at(order, null, j)), j, i);
        } else {
          bigOrder[k] = bigOrder[j];
          bigOrder[j] = i;
        }
        k++;
      }
    }

    // Pass 0, without locks: buffered cases through the channels' lock-free paths, in poll order.
    // Each attempt is a complete non-blocking operation, so taking the first that succeeds is a
    // valid choice: that case was ready when it was taken. The pass stops at the first case that
    // only the lock can answer (an unbuffered channel that may be ready, or parties waiting on
    // this side of a buffered one), and pass 1 goes on in the same order: a case met earlier in
    // the order is never skipped for a later one, so the choice stays uniform among ready cases.
    for (int k = 0; k < n; k++) {
      SelectCase<? extends R> c = cases[at(order, bigOrder, k)];
      Object r = tryNoLock(c);
      if (r == null) {
        break;
      }
      if (r != HChan.EMPTY && r != HChan.FULL) {
        return fire(c, r);
      }
    }

    // The distinct channels, sorted by id: the global lock order.
    int[] bigLocks = bigOrder == null ? null : new int[n];
    long locks = 0L;
    int nLocks = 0;
    for (int k = 0; k < n; k++) {
      int i = at(order, bigOrder, k);
      HChan<?> ch = cases[i].chan;
      long id = ch.id();
      int j = nLocks;
      boolean duplicate = false;
      while (j > 0) {
        HChan<?> other = cases[at(locks, bigLocks, j - 1)].chan;
        if (other == ch) {
          duplicate = true;
          break;
        }
        if (other.id() < id) {
          break;
        }
        j--;
      }
      if (duplicate) {
        continue;
      }
      if (bigLocks == null) {
        long below = (1L << (j << 2)) - 1; // j <= nLocks < 16
        locks = (locks & below) | ((locks & ~below) << 4) | ((long) i << (j << 2));
      } else {
        System.arraycopy(bigLocks, j, bigLocks, j + 1, nLocks - j);
        bigLocks[j] = i;
      }
      nLocks++;
    }

    int chosen = -1;
    Object outcome = null;
    Parker parker = null;
    Waiter[] waiters = null;
    lockAll(cases, locks, bigLocks, nLocks);
    try {
      // Pass 1: the first ready case in poll order.
      for (int k = 0; k < n; k++) {
        int i = at(order, bigOrder, k);
        SelectCase<? extends R> c = cases[i];
        Object r = c.kind == SelectCase.RECEIVE ? c.chan.receiveLocked() : c.chan.sendLocked(c.value);
        if (r != HChan.EMPTY && r != HChan.FULL) {
          chosen = i;
          outcome = r;
          break;
        }
      }
      if (chosen < 0 && dflt == null && !Thread.currentThread().isInterrupted()) {
        // Pass 2: wait on every case at once.
        parker = new Parker(Thread.currentThread());
        waiters = new Waiter[n];
        for (int k = 0; k < n; k++) {
          int i = at(order, bigOrder, k);
          SelectCase<? extends R> c = cases[i];
          boolean sending = c.kind == SelectCase.SEND;
          Waiter w = new Waiter(parker, c.chan, sending, sending ? c.value : null, i);
          c.chan.enqueueLocked(w);
          waiters[k] = w;
        }
      }
    } finally {
      unlockAll(cases, locks, bigLocks, nLocks);
    }

    if (chosen >= 0) {
      return fire(cases[chosen], outcome);
    }
    if (parker == null) {
      if (dflt != null) {
        return dflt.proceed();
      }
      throw new OperationInterruptedException("select");
    }

    int result = parker.await(timeout != null, deadline, null);
    Waiter fired = result == Parker.DONE ? parker.fired : null;
    // Pass 3: unlink the waiters that did not fire.
    for (Waiter w : waiters) {
      if (w != fired) {
        w.chan.dequeue(w);
      }
    }
    if (fired != null) {
      SelectCase<? extends R> c = cases[fired.caseIndex];
      if (c.kind == SelectCase.RECEIVE) {
        return c.received(fired.success ? fired.item : HChan.CLOSED);
      }
      if (!fired.success) {
        throw new ChannelClosedException("send on closed channel (in select)");
      }
      return c.proceed();
    }
    if (result == Parker.TIMED_OUT) {
      return timeout.proceed();
    }
    throw new OperationInterruptedException("select");
  }

  /** Completes what pass 0 or 1 took, after the locks are released, and runs the case. */
  private static <R> R fire(SelectCase<? extends R> c, Object outcome) {
    if (c.kind == SelectCase.RECEIVE) {
      return c.received(HChan.finishReceive(outcome));
    }
    if (outcome == HChan.CLOSED) {
      throw new ChannelClosedException("send on closed channel (in select)");
    }
    HChan.finishSend(outcome);
    return c.proceed();
  }

  /** Locks the channels of the cases listed in lock order. */
  private static void lockAll(SelectCase<?>[] cases, long locks, int[] bigLocks, int nLocks) {
    for (int k = 0; k < nLocks; k++) {
      cases[at(locks, bigLocks, k)].chan.lock();
    }
  }

  /** Unlocks in reverse order, completing the waiters each channel claimed. */
  private static void unlockAll(SelectCase<?>[] cases, long locks, int[] bigLocks, int nLocks) {
    for (int k = nLocks - 1; k >= 0; k--) {
      cases[at(locks, bigLocks, k)].chan.unlockAndRelease();
    }
  }
}

package dev.kanal.pool;

import static dev.kanal.Select.select;

import dev.kanal.Channel;
import dev.kanal.Go;
import dev.kanal.ReceiveChannel;
import dev.kanal.SelectCase;
import dev.kanal.SendResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's outcomes as channels: {@link WorkerPool#outcomes()}, or the {@link
 * WorkerPool#results()} / {@link WorkerPool#errors()} pair.
 *
 * <h2>State and invariants</h2>
 *
 * <p>Workers {@link #publish} each outcome, never blocking (a caller who reads slowly, or not yet,
 * cannot stall a worker): straight into the view channel when that needs no waiting and nothing is
 * queued before it, else into a {@link Mailbox}. One pump goroutine owns the rest: it moves
 * outcomes from the mailbox into {@code held} (through a reorder map first when outcomes are wanted
 * in submission order), and from there to the view channels. Outcomes are kept until someone reads
 * them, whatever the order of calls. The first view taken fixes the <em>family</em>: ALL ({@code
 * outcomes()}) or SPLIT ({@code results()} and {@code errors()}, which share the outcomes:
 * successes to one, the rest to the other, each kept until its view is taken). Mixing families
 * would give each outcome to only one of two readers who both expect all of them, so it is refused
 * with a message.
 *
 * <p>Submission order: ids are given at submission, so the pump releases the outcome of id {@code
 * n} only after every smaller id is released or {@linkplain #skip skipped} (a submit that took an
 * id and was then refused skips it).
 *
 * <h2>Who blocks</h2>
 *
 * <p>Only the pump: first it tries plain non-blocking sends (so while the reader keeps up it never
 * blocks), then it waits as {@link #waitForWork()} says. Taking a view wakes it. View channels are
 * buffered like the jobs queue (at least 256, at most 65536), as the seed buffers {@code results}
 * like {@code jobs}. When the pool has published its last outcome it calls {@link #close()}; the
 * pump delivers the backlog of every view taken, closes those channels (a reader's range loop ends
 * after the last outcome) and exits. What was meant for a view not taken by then is kept as
 * leftovers: a later take gets a channel that already holds all of it and is closed, so nothing is
 * lost and no goroutine lingers. Guarded by {@code WorkerPoolOutcomesTest} and {@code
 * WorkerPoolStressTest}.
 */
final class OutcomeStream<T, R> {
  private enum Family {
    NONE,
    ALL,
    SPLIT
  }

  private final Mailbox<Object> inbox = new Mailbox<>();

  /** A split view was taken: wakes a pump that is selecting over the other view's sends. */
  private final Channel<Boolean> taken = Channel.buffered(1);

  private final int viewCapacity;
  private final boolean ordered;

  /** Outcomes given to the pump and not yet in a view channel (unordered streams only). */
  private final java.util.concurrent.atomic.AtomicLong backlog =
      new java.util.concurrent.atomic.AtomicLong();

  private final String poolName;

  // Written under lock; the pump reads the volatile fields without it.
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Family family = Family.NONE;
  private volatile Channel<Outcome<T, R>> all;
  private volatile Channel<R> results;
  private volatile Channel<Outcome<T, R>> errors;
  private boolean pumpDone;
  private final List<Outcome<T, R>> leftAll = new ArrayList<>();
  private final List<R> leftResults = new ArrayList<>();
  private final List<Outcome<T, R>> leftErrors = new ArrayList<>();

  // Owned by the pump.
  private final ArrayDeque<Outcome<T, R>> held = new ArrayDeque<>();
  private final ArrayDeque<Outcome<T, R>> allQ = new ArrayDeque<>();
  private final ArrayDeque<R> resultQ = new ArrayDeque<>();
  private final ArrayDeque<Outcome<T, R>> errorQ = new ArrayDeque<>();
  private final Map<Long, Object> reorder = new HashMap<>();
  private static final Object SKIPPED = new Object();
  private long nextId = 1;

  OutcomeStream(String poolName, boolean ordered, int viewCapacity) {
    this.poolName = poolName;
    this.ordered = ordered;
    this.viewCapacity = viewCapacity;
    Go.go(this::pump);
  }

  /**
   * Hands over one outcome; never blocks. Fast path: once a view is taken and the pump holds
   * nothing (so nothing published earlier is still on its way), the worker sends straight into the
   * view channel with a non-blocking send, as the seed's worker sends on {@code results}. Otherwise
   * (no view yet, submission order, a full view, or a backlog) it goes through the pump, and {@code
   * backlog} counts it until the pump has delivered it; while it is non-zero every outcome takes
   * the pump's way, so one worker's outcomes never overtake each other.
   */
  void publish(Outcome<T, R> o) {
    if (!ordered && backlog.get() == 0 && sendDirect(o)) {
      return;
    }
    backlog.incrementAndGet();
    inbox.offer(o);
  }

  /**
   * {@link #publish}'s fast path for a success, without its {@link Outcome} object: true if the
   * result went straight into the {@code results()} view (or, being null, is for no view). False
   * if the success needs the object (outcomes(), submission order, no view yet, a backlog, a full
   * view): then the caller makes it and calls {@link #publish}.
   */
  boolean tryPublishResult(R result) {
    if (ordered || family != Family.SPLIT || backlog.get() != 0) {
      return false;
    }
    Channel<R> r = results;
    return r != null && (result == null || r.trySend(result) == SendResult.SENT);
  }

  private boolean sendDirect(Outcome<T, R> o) {
    Family f = family;
    if (f == Family.ALL) {
      return all.trySend(o) == SendResult.SENT;
    }
    if (f != Family.SPLIT) {
      return false;
    }
    if (o instanceof Outcome.Succeeded<T, R> s) {
      Channel<R> r = results;
      return r != null && (s.result() == null || r.trySend(s.result()) == SendResult.SENT);
    }
    Channel<Outcome<T, R>> e = errors;
    return e != null && e.trySend(o) == SendResult.SENT;
  }

  /** In submission order, id {@code id} will have no outcome (its submit was refused). */
  void skip(long id) {
    if (ordered) {
      inbox.offer(id);
    }
  }

  /** The last outcome has been published. */
  void close() {
    inbox.close();
  }

  ReceiveChannel<Outcome<T, R>> outcomes() {
    ReceiveChannel<Outcome<T, R>> view;
    lock.lock();
    try {
      requireFamily(Family.ALL, "outcomes()");
      if (all == null) {
        all = pumpDone ? prefilled(leftAll) : Channel.buffered(viewCapacity);
        leftAll.clear();
        family = Family.ALL;
      }
      view = all.receiveOnly();
    } finally {
      lock.unlock();
    }
    inbox.wake();
    return view;
  }

  ReceiveChannel<R> results() {
    ReceiveChannel<R> view;
    lock.lock();
    try {
      requireFamily(Family.SPLIT, "results()");
      if (results == null) {
        splitLeftovers();
        results = pumpDone ? prefilled(leftResults) : Channel.buffered(viewCapacity);
        leftResults.clear();
        family = Family.SPLIT;
      }
      view = results.receiveOnly();
    } finally {
      lock.unlock();
    }
    inbox.wake();
    taken.trySend(Boolean.TRUE);
    return view;
  }

  ReceiveChannel<Outcome<T, R>> errors() {
    ReceiveChannel<Outcome<T, R>> view;
    lock.lock();
    try {
      requireFamily(Family.SPLIT, "errors()");
      if (errors == null) {
        splitLeftovers();
        errors = pumpDone ? prefilled(leftErrors) : Channel.buffered(viewCapacity);
        leftErrors.clear();
        family = Family.SPLIT;
      }
      view = errors.receiveOnly();
    } finally {
      lock.unlock();
    }
    inbox.wake();
    taken.trySend(Boolean.TRUE);
    return view;
  }

  private void requireFamily(Family wanted, String call) {
    Family f = family;
    if (f != Family.NONE && f != wanted) {
      throw new IllegalStateException(
          call
              + " on pool '"
              + poolName
              + "': its outcomes are already read through "
              + (f == Family.ALL ? "outcomes()" : "results()/errors()")
              + "; each outcome goes to one reader only, so use one or the other"
              + " (outcomes() has both kinds)");
    }
  }

  /** Under the lock: outcomes left before any view was taken, divided for the split views. */
  private void splitLeftovers() {
    for (Outcome<T, R> o : leftAll) {
      if (o instanceof Outcome.Succeeded<T, R> s) {
        if (s.result() != null) {
          leftResults.add(s.result());
        }
      } else {
        leftErrors.add(o);
      }
    }
    leftAll.clear();
  }

  private static <V> Channel<V> prefilled(Collection<V> values) {
    Channel<V> ch = Channel.buffered(Math.max(1, values.size()));
    for (V v : values) {
      ch.send(v);
    }
    ch.close();
    return ch;
  }

  // ---------------------------------------------------------------- the pump

  @SuppressWarnings("unchecked")
  private void pump() {
    Thread.currentThread().setName(poolName + "-outcomes");
    while (true) {
      boolean closing = inbox.isClosed();
      Object m;
      while ((m = inbox.poll()) != null) {
        if (m instanceof Long id) {
          intake(id, SKIPPED);
        } else if (!ordered) {
          held.add((Outcome<T, R>) m);
        } else {
          Outcome<T, R> o = (Outcome<T, R>) m;
          intake(o.jobId(), o);
        }
      }
      route();
      push(all, allQ);
      push(results, resultQ);
      push(errors, errorQ);
      if (closing && allDelivered() && finish()) {
        return;
      }
      waitForWork();
    }
  }

  /**
   * Blocks until the pump can make progress. With {@code outcomes()} there is one reader and
   * nothing else to watch: a plain blocking send, so a reader who is slower than the workers costs
   * one hand-off per outcome and new arrivals do not wake the pump for nothing. With {@code
   * results()}/{@code errors()} it selects over the views that have a backlog, a view being taken,
   * and new arrivals only while some taken view is idle (they may be for it). With no view yet, it
   * waits for arrivals (a take wakes it too).
   */
  private void waitForWork() {
    Family f = family;
    Channel<Outcome<T, R>> a = all;
    if (f == Family.ALL && a != null && !allQ.isEmpty()) {
      a.send(allQ.peek());
      allQ.poll();
      delivered(1);
      return;
    }
    Channel<R> r = results;
    Channel<Outcome<T, R>> e = errors;
    boolean resultsWaiting = r != null && !resultQ.isEmpty();
    boolean errorsWaiting = e != null && !errorQ.isEmpty();
    if (f == Family.SPLIT && (resultsWaiting || errorsWaiting)) {
      boolean someViewIdle = (r != null && resultQ.isEmpty()) || (e != null && errorQ.isEmpty());
      if (someViewIdle && !inbox.prepareToWait()) {
        return; // something arrived meanwhile
      }
      List<SelectCase<?>> cases = new ArrayList<>(4);
      cases.add(taken.onReceive());
      if (someViewIdle) {
        cases.add(inbox.signal().onReceive());
      }
      if (resultsWaiting) {
        cases.add(r.onSend(resultQ.peek(), () -> delivered(resultQ.poll())));
      }
      if (errorsWaiting) {
        cases.add(e.onSend(errorQ.peek(), () -> delivered(errorQ.poll())));
      }
      select(cases);
      inbox.awake();
      return;
    }
    if (inbox.prepareToWait()) {
      inbox.signal().receive();
      inbox.awake();
    }
  }

  @SuppressWarnings("unchecked")
  private void intake(long id, Object o) {
    reorder.put(id, o);
    Object next;
    while ((next = reorder.remove(nextId)) != null) {
      nextId++;
      if (next != SKIPPED) {
        held.add((Outcome<T, R>) next);
      }
    }
  }

  /** Moves what is held into the queues of the family chosen, if one is. */
  private void route() {
    Family f = family;
    if (f == Family.NONE) {
      return;
    }
    Outcome<T, R> o;
    while ((o = held.poll()) != null) {
      if (f == Family.ALL) {
        allQ.add(o);
      } else if (o instanceof Outcome.Succeeded<T, R> s) {
        if (s.result() != null) {
          resultQ.add(s.result());
        } else {
          delivered(1); // a null result is not for any view: done with it
        }
      } else {
        errorQ.add(o);
      }
    }
  }

  /** The pump delivered {@code n} outcomes (or dropped them by design). */
  private void delivered(int n) {
    if (!ordered && n > 0) {
      backlog.addAndGet(-n);
    }
  }

  private <V> V delivered(V v) {
    delivered(1);
    return v;
  }

  /** Every view taken has received its whole share. */
  private boolean allDelivered() {
    return reorder.isEmpty()
        && (all == null || allQ.isEmpty())
        && (results == null || resultQ.isEmpty())
        && (errors == null || errorQ.isEmpty());
  }

  /**
   * Ends the stream: closes the views taken and keeps the rest as leftovers. False if a view was
   * taken since {@link #allDelivered()} was checked and still needs its share.
   */
  private boolean finish() {
    lock.lock();
    try {
      route();
      if (!allDelivered()) {
        return false;
      }
      pumpDone = true;
      leftAll.addAll(held);
      leftResults.addAll(resultQ);
      leftErrors.addAll(errorQ);
      held.clear();
      resultQ.clear();
      errorQ.clear();
      if (all != null) {
        all.close();
      }
      if (results != null) {
        results.close();
      }
      if (errors != null) {
        errors.close();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private <V> void push(Channel<V> ch, ArrayDeque<V> q) {
    if (ch == null) {
      return;
    }
    int n = 0;
    V v;
    while ((v = q.peek()) != null && ch.trySend(v) == SendResult.SENT) {
      q.poll();
      n++;
    }
    delivered(n);
  }
}

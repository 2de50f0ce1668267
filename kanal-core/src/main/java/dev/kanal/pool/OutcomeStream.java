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
 * The pool's outcomes as channels: {@link WorkerPool#outcomes()}, or the
 * {@link WorkerPool#results()} / {@link WorkerPool#errors()} pair.
 *
 * <h2>State and invariants</h2>
 *
 * <p>Workers {@link #publish} each outcome into a {@link Mailbox} (never blocking: a caller who
 * reads slowly, or not yet, cannot stall a worker). One pump goroutine owns everything else:
 * it moves outcomes from the mailbox into {@code held} (through a reorder map first when
 * outcomes are wanted in submission order), and from there to the view channels. Outcomes are
 * kept until someone reads them, whatever the order of calls. The first view taken fixes the
 * <em>family</em>: ALL ({@code outcomes()}) or SPLIT ({@code results()} and {@code errors()},
 * which share the outcomes: successes to one, the rest to the other, each kept until its view
 * is taken). Mixing families would give each outcome to only one of two readers who both
 * expect all of them, so it is refused with a message.
 *
 * <p>Submission order: ids are given at submission, so the pump releases the outcome of id
 * {@code n} only after every smaller id is released or {@linkplain #skip skipped} (a submit
 * that took an id and was then refused skips it).
 *
 * <h2>Who blocks</h2>
 *
 * <p>Only the pump: first it tries plain non-blocking sends (so while the reader keeps up it
 * never selects), then it selects over the mailbox's wake-up channel and one send case per
 * view that has something to deliver. Taking a view wakes it. When the pool has published its
 * last outcome it calls {@link #close()}; the pump delivers the backlog of every view taken,
 * closes those channels (a reader's range loop ends after the last outcome) and exits. What
 * was meant for a view not taken by then is kept as leftovers: a later take gets a channel
 * that already holds all of it and is closed, so nothing is lost and no goroutine lingers.
 * Guarded by {@code WorkerPoolOutcomesTest} and {@code WorkerPoolStressTest}.
 */
final class OutcomeStream<T, R> {
  private static final int VIEW_CAPACITY = 256;

  private enum Family { NONE, ALL, SPLIT }

  private final Mailbox<Object> inbox = new Mailbox<>();
  private final boolean ordered;
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

  OutcomeStream(String poolName, boolean ordered) {
    this.poolName = poolName;
    this.ordered = ordered;
    Go.go(this::pump);
  }

  void publish(Outcome<T, R> o) {
    inbox.offer(o);
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
        all = pumpDone ? prefilled(leftAll) : Channel.buffered(VIEW_CAPACITY);
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
        results = pumpDone ? prefilled(leftResults) : Channel.buffered(VIEW_CAPACITY);
        leftResults.clear();
        family = Family.SPLIT;
      }
      view = results.receiveOnly();
    } finally {
      lock.unlock();
    }
    inbox.wake();
    return view;
  }

  ReceiveChannel<Outcome<T, R>> errors() {
    ReceiveChannel<Outcome<T, R>> view;
    lock.lock();
    try {
      requireFamily(Family.SPLIT, "errors()");
      if (errors == null) {
        splitLeftovers();
        errors = pumpDone ? prefilled(leftErrors) : Channel.buffered(VIEW_CAPACITY);
        leftErrors.clear();
        family = Family.SPLIT;
      }
      view = errors.receiveOnly();
    } finally {
      lock.unlock();
    }
    inbox.wake();
    return view;
  }

  private void requireFamily(Family wanted, String call) {
    Family f = family;
    if (f != Family.NONE && f != wanted) {
      throw new IllegalStateException(
          call + " on pool '" + poolName + "': its outcomes are already read through "
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
      if (closing && delivered() && finish()) {
        return;
      }
      List<SelectCase<?>> cases = new ArrayList<>(4);
      cases.add(inbox.signal().onReceive());
      Channel<Outcome<T, R>> a = all;
      if (a != null && !allQ.isEmpty()) {
        cases.add(a.onSend(allQ.peek(), () -> allQ.poll()));
      }
      Channel<R> r = results;
      if (r != null && !resultQ.isEmpty()) {
        cases.add(r.onSend(resultQ.peek(), () -> resultQ.poll()));
      }
      Channel<Outcome<T, R>> e = errors;
      if (e != null && !errorQ.isEmpty()) {
        cases.add(e.onSend(errorQ.peek(), () -> errorQ.poll()));
      }
      select(cases);
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
        }
      } else {
        errorQ.add(o);
      }
    }
  }

  /** Every view taken has received its whole share. */
  private boolean delivered() {
    return reorder.isEmpty()
        && (all == null || allQ.isEmpty())
        && (results == null || resultQ.isEmpty())
        && (errors == null || errorQ.isEmpty());
  }

  /**
   * Ends the stream: closes the views taken and keeps the rest as leftovers. False if a view
   * was taken since {@link #delivered()} was checked and still needs its share.
   */
  private boolean finish() {
    lock.lock();
    try {
      route();
      if (!delivered()) {
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

  private static <V> void push(Channel<V> ch, ArrayDeque<V> q) {
    if (ch == null) {
      return;
    }
    V v;
    while ((v = q.peek()) != null && ch.trySend(v) == SendResult.SENT) {
      q.poll();
    }
  }
}

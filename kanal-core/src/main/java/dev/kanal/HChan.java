package dev.kanal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The channel: Go's {@code hchan} ({@code runtime/chan.go}), on virtual threads.
 *
 * <h2>State</h2>
 *
 * <p>A ring buffer ({@code buf}, {@code recvx}, {@code sendx}, {@code count}; empty when the
 * channel is unbuffered), a {@code closed} flag, and two FIFO wait queues of blocked parties:
 * {@code recvq} (receivers) and {@code sendq} (senders). One {@link ReentrantLock} guards all
 * of it. It is held only for a few field updates and never while anything blocks or user code
 * runs; a {@code ReentrantLock} (not {@code synchronized}) so that a virtual thread that meets
 * a held lock unmounts instead of pinning its carrier on JDK 21-23.
 *
 * <h2>Invariants (under the lock)</h2>
 *
 * <ol>
 *   <li>{@code sendq} holds live waiters only when the buffer is full (always, if unbuffered):
 *       a sender blocks only when no receiver waits and no slot is free.
 *   <li>{@code recvq} holds live waiters only when the buffer is empty.
 *   <li>Both queues are free of live waiters once {@code closed} is set: {@code close} releases
 *       every waiter (receivers with "closed", senders with failure).
 * </ol>
 *
 * <p>"Live" matters because a waiter may stay queued after it stopped waiting (its select fired
 * elsewhere, it timed out or was interrupted): {@link #claimFirst} drops such waiters when it
 * meets them, as Go's {@code dequeue} drops sudogs whose select is done.
 *
 * <h2>Protocol</h2>
 *
 * <p>A send first looks for a waiting receiver and hands the value straight to it (no buffer
 * copy, as in Go); else it buffers; else it enqueues itself and parks. A receive mirrors it: a
 * waiting sender's value (through the buffer's head when buffered, keeping FIFO order), else a
 * buffered value, else "closed", else it enqueues and parks. A waiter is matched by claiming
 * its {@link Parker} with a CAS under this lock; the waker completes it after unlocking, so
 * the woken party never waits for this lock to proceed. See {@link Parker} for why a blocked
 * party and its waker cannot both win.
 *
 * <h2>Lock-free fast paths</h2>
 *
 * <p>{@code trySend} and {@code tryReceive} answer "would block" without the lock when the
 * volatile state shows it, exactly as Go's {@code chansend}/{@code chanrecv} do for
 * non-blocking operations: a full channel that is not closed, or an empty channel checked
 * again after seeing {@code closed} (a channel never reopens, so the later observation implies
 * the earlier one).
 *
 * <h2>Select</h2>
 *
 * <p>{@link Select} locks every channel of a select in a global order ({@link #id()}), polls
 * the cases in random order through {@link #sendLocked} / {@link #receiveLocked}, and, when
 * none is ready, enqueues one waiter per case on a shared parker, as Go's {@code selectgo}.
 *
 * <p>Tests that guard this class: {@code ChannelContractTest}, {@code ChannelStressTest},
 * {@code HappensBeforeTest}, {@code InterruptTest}, {@code ChannelLincheckTest}.
 */
final class HChan<E> implements Channel<E> {

  /** Outcomes of the locked primitives; never values, since user values are never these. */
  static final Object SENT = new Marker("SENT");

  static final Object FULL = new Marker("FULL");
  static final Object EMPTY = new Marker("EMPTY");
  static final Object CLOSED = new Marker("CLOSED");

  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle ID;
  private static final VarHandle COUNT;

  static {
    try {
      ID = MethodHandles.lookup().findVarHandle(HChan.class, "id", long.class);
      COUNT = MethodHandles.lookup().findVarHandle(HChan.class, "count", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ReentrantLock lock = new ReentrantLock();
  private final int cap;
  private final Object[] buf;
  private int recvx;
  private int sendx;
  /**
   * Values in the buffer. Written only under the lock, with release stores (no full fence on
   * the hot path); read without the lock, with acquire loads, only by the fast paths and
   * {@link #len()}.
   */
  private int count;
  private volatile boolean closed;
  final WaitQueue recvq = new WaitQueue();
  final WaitQueue sendq = new WaitQueue();

  /** Lock order for select; assigned on first use so that creating a channel stays cheap. */
  private volatile long id;

  private SendChannel<E> sendView;
  private ReceiveChannel<E> receiveView;

  HChan(int capacity) {
    this.cap = capacity;
    this.buf = capacity == 0 ? null : new Object[capacity];
  }

  long id() {
    long i = id;
    if (i == 0) {
      long fresh = IDS.incrementAndGet();
      i = ID.compareAndSet(this, 0L, fresh) ? fresh : id;
    }
    return i;
  }

  // ---------------------------------------------------------------- primitives under the lock

  /**
   * Under the lock: hands {@code v} to a waiting receiver (returned, to be released after
   * unlocking), or buffers it ({@link #SENT}); else {@link #CLOSED} or {@link #FULL}.
   */
  Object sendLocked(Object v) {
    if (closed) {
      return CLOSED;
    }
    Waiter r = claimFirst(recvq);
    if (r != null) {
      r.item = v;
      return r;
    }
    if (count < cap) {
      buf[sendx] = v;
      if (++sendx == cap) {
        sendx = 0;
      }
      COUNT.setRelease(this, count + 1);
      return SENT;
    }
    return FULL;
  }

  /**
   * Under the lock: takes a value. Returns the value, {@link #EMPTY}, {@link #CLOSED}, or a
   * claimed sender (to be released after unlocking) whose {@code item} now holds the value this
   * receive gets.
   */
  Object receiveLocked() {
    Waiter s = claimFirst(sendq);
    if (s != null) {
      if (cap != 0) {
        // The buffer is full: take its head, and the sender's value becomes its tail.
        Object v = buf[recvx];
        buf[recvx] = s.item;
        if (++recvx == cap) {
          recvx = 0;
        }
        sendx = recvx;
        s.item = v;
      }
      return s;
    }
    int n = count;
    if (n > 0) {
      Object v = buf[recvx];
      buf[recvx] = null;
      if (++recvx == cap) {
        recvx = 0;
      }
      COUNT.setRelease(this, n - 1);
      return v;
    }
    return closed ? CLOSED : EMPTY;
  }

  /** Under the lock: the first waiter still waiting, claimed and unlinked; or null. */
  private static Waiter claimFirst(WaitQueue q) {
    Waiter w;
    while ((w = q.poll()) != null) {
      if (w.owner.tryClaim()) {
        return w;
      }
      // Its select fired elsewhere, or it timed out or was interrupted: drop it.
    }
    return null;
  }

  /** Under the lock: enqueues a waiter on the queue its direction belongs to. */
  void enqueueLocked(Waiter w) {
    (w.sending ? sendq : recvq).enqueue(w);
  }

  /** Unlinks a waiter that stopped waiting; takes the lock. */
  void dequeue(Waiter w) {
    lock.lock();
    try {
      (w.sending ? sendq : recvq).remove(w);
    } finally {
      lock.unlock();
    }
  }

  /** Completes the outcome of {@link #receiveLocked} after unlocking; returns the value. */
  static Object finishReceive(Object r) {
    if (r instanceof Waiter s) {
      Object v = s.item;
      s.release(true);
      return v;
    }
    return r;
  }

  /** Completes the outcome of {@link #sendLocked} after unlocking. */
  static Object finishSend(Object r) {
    if (r instanceof Waiter w) {
      w.release(true);
      return SENT;
    }
    return r;
  }

  private boolean fullNow() {
    return cap == 0 ? recvq.isEmptyAcquire() : (int) COUNT.getAcquire(this) == cap;
  }

  private boolean emptyNow() {
    return cap == 0 ? sendq.isEmptyAcquire() : (int) COUNT.getAcquire(this) == 0;
  }

  // ---------------------------------------------------------------- raw operations

  /**
   * Sends; blocks only if {@code block}, and then until {@code deadline} if {@code timed}. Returns {@link #SENT}, {@link #CLOSED}, or
   * {@link #FULL} (would block, or timed out).
   */
  Object sendRaw(Object v, boolean block, boolean timed, long deadline) {
    if (!block && !closed && fullNow()) {
      return FULL;
    }
    Object r;
    Waiter w = null;
    lock.lock();
    try {
      r = sendLocked(v);
      if (r == FULL && block && !Thread.currentThread().isInterrupted()) {
        w = new Waiter(Thread.currentThread(), this, true, v);
        sendq.enqueue(w);
      }
    } finally {
      lock.unlock();
    }
    if (w == null) {
      if (r == FULL && block) {
        throw new OperationInterruptedException("channel send");
      }
      return finishSend(r);
    }
    int outcome = w.await(timed, deadline);
    if (outcome == Parker.DONE) {
      return w.success ? SENT : CLOSED;
    }
    dequeue(w);
    if (outcome == Parker.TIMED_OUT) {
      return FULL;
    }
    throw new OperationInterruptedException("channel send");
  }

  /**
   * Receives; blocks only if {@code block}, and then until {@code deadline} if {@code timed}. Returns the value, {@link #CLOSED}, or
   * {@link #EMPTY} (would block, or timed out).
   */
  Object receiveRaw(boolean block, boolean timed, long deadline) {
    if (!block && emptyNow()) {
      if (!closed) {
        return EMPTY;
      }
      if (emptyNow()) {
        return CLOSED;
      }
    }
    Object r;
    Waiter w = null;
    lock.lock();
    try {
      r = receiveLocked();
      if (r == EMPTY && block && !Thread.currentThread().isInterrupted()) {
        w = new Waiter(Thread.currentThread(), this, false, null);
        recvq.enqueue(w);
      }
    } finally {
      lock.unlock();
    }
    if (w == null) {
      if (r == EMPTY && block) {
        throw new OperationInterruptedException("channel receive");
      }
      return finishReceive(r);
    }
    int outcome = w.await(timed, deadline);
    if (outcome == Parker.DONE) {
      return w.success ? w.item : CLOSED;
    }
    dequeue(w);
    if (outcome == Parker.TIMED_OUT) {
      return EMPTY;
    }
    throw new OperationInterruptedException("channel receive");
  }

  static long deadline(Duration timeout) {
    long nanos = saturatedNanos(timeout);
    long now = System.nanoTime();
    // Keep far deadlines from overflowing into the past.
    return nanos > Long.MAX_VALUE - now ? now + (Long.MAX_VALUE >> 1) : now + nanos;
  }

  static long saturatedNanos(Duration d) {
    Objects.requireNonNull(d, "timeout");
    try {
      return Math.max(0L, d.toNanos());
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? 0L : Long.MAX_VALUE;
    }
  }

  // ---------------------------------------------------------------- public API

  @Override
  public void send(E value) {
    Objects.requireNonNull(value, NULL_VALUE);
    if (sendRaw(value, true, false, 0L) == CLOSED) {
      throw new ChannelClosedException("send on closed channel");
    }
  }

  @Override
  public SendResult trySend(E value) {
    Objects.requireNonNull(value, NULL_VALUE);
    return toSendResult(sendRaw(value, false, false, 0L));
  }

  @Override
  public SendResult trySend(E value, Duration timeout) {
    Objects.requireNonNull(value, NULL_VALUE);
    return toSendResult(sendRaw(value, true, true, deadline(timeout)));
  }

  private static SendResult toSendResult(Object r) {
    return r == SENT ? SendResult.SENT : r == CLOSED ? SendResult.CLOSED : SendResult.WOULD_BLOCK;
  }

  @Override
  @SuppressWarnings("unchecked")
  public E receive() {
    Object r = receiveRaw(true, false, 0L);
    if (r == CLOSED) {
      throw new ChannelClosedException("receive from closed channel");
    }
    return (E) r;
  }

  @Override
  @SuppressWarnings("unchecked")
  public E receiveOrNull() {
    Object r = receiveRaw(true, false, 0L);
    return r == CLOSED ? null : (E) r;
  }

  @Override
  public ReceiveResult<E> tryReceive() {
    return toReceiveResult(receiveRaw(false, false, 0L));
  }

  @Override
  public ReceiveResult<E> tryReceive(Duration timeout) {
    return toReceiveResult(receiveRaw(true, true, deadline(timeout)));
  }

  @SuppressWarnings("unchecked")
  private static <E> ReceiveResult<E> toReceiveResult(Object r) {
    if (r == EMPTY) {
      return ReceiveResult.wouldBlock();
    }
    if (r == CLOSED) {
      return ReceiveResult.closed();
    }
    return new ReceiveResult.Value<>((E) r);
  }

  @Override
  public void close() {
    Waiter released = null;
    lock.lock();
    try {
      if (closed) {
        throw new ChannelClosedException("close of closed channel");
      }
      closed = true;
      Waiter w;
      while ((w = claimFirst(recvq)) != null) {
        w.item = null;
        w.next = released; // unlinked: next is free to chain the released waiters
        released = w;
      }
      while ((w = claimFirst(sendq)) != null) {
        w.next = released;
        released = w;
      }
    } finally {
      lock.unlock();
    }
    while (released != null) {
      Waiter next = released.next;
      released.next = null;
      released.release(false);
      released = next;
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public int len() {
    return (int) COUNT.getAcquire(this);
  }

  @Override
  public int capacity() {
    return cap;
  }

  @Override
  public Iterator<E> iterator() {
    return new Range<>(this);
  }

  @Override
  public SendChannel<E> sendOnly() {
    SendChannel<E> v = sendView;
    if (v == null) {
      sendView = v = new SendOnlyView<>(this);
    }
    return v;
  }

  @Override
  public ReceiveChannel<E> receiveOnly() {
    ReceiveChannel<E> v = receiveView;
    if (v == null) {
      receiveView = v = new ReceiveOnlyView<>(this);
    }
    return v;
  }

  @Override
  public String toString() {
    return (cap == 0 ? "Channel[unbuffered" : "Channel[len=" + len() + ", cap=" + cap)
        + (closed ? ", closed]" : "]");
  }

  private static final String NULL_VALUE =
      "cannot send null: null is never a value on a channel (a receive would read it as 'closed')";

  /** Go's {@code for v := range ch}. */
  private static final class Range<E> implements Iterator<E> {
    private final HChan<E> chan;
    private E next;
    private boolean ended;

    Range(HChan<E> chan) {
      this.chan = chan;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (ended) {
        return false;
      }
      next = chan.receiveOrNull();
      if (next == null) {
        ended = true;
        return false;
      }
      return true;
    }

    @Override
    public E next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the channel is closed and drained");
      }
      E v = next;
      next = null;
      return v;
    }
  }

  private record Marker(String name) {
    @Override
    public String toString() {
      return name;
    }
  }
}

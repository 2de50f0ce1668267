package dev.kanal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The channel: Go's {@code hchan} ({@code runtime/chan.go}), on virtual threads, with lock-free
 * buffered operations.
 *
 * <h2>State</h2>
 *
 * <p>A lock (an AQS mutex, not {@code synchronized}: a virtual thread that meets a held lock
 * unmounts instead of pinning its carrier on JDK 21-23) guards two FIFO wait queues of blocked
 * parties, {@code recvq} and {@code sendq}, and the chain of waiters to release after
 * unlocking. It is held only for a few field updates, never while anything blocks or user code
 * runs. The lock and the queues are one object, {@link Sync}, installed by CAS the first time
 * anybody takes the lock (to wait, select or close) or waits on an unbuffered channel, and never
 * replaced: {@code sync == null} means nobody has ever waited, so the lock-free paths
 * read "nobody waits" from it without allocating anything.
 *
 * <p>An unbuffered channel has no ring; it hands off without the lock while at most one party
 * waits on it ("Unbuffered hand-off" below), and takes it otherwise, as in Go.
 *
 * <p>A buffered channel's values live in a ring of {@code cap} slots that senders and receivers
 * use <em>without</em> the lock while nobody waits: a bounded MPMC queue in the manner of
 * Vyukov's, where {@code tx} and {@code rx} count the positions reserved by senders and by
 * receivers, and slot {@code i}'s sequence number {@code seq[i]} (kept in {@code ctl} after the
 * two counters, one array) says what the slot holds for position {@code p} (slot {@code i} of its
 * lap; positions count in laps of a power of two, see {@link #mask}, so that {@code p + L} is
 * slot {@code i} one lap later): {@code 2p} - free for the sender of {@code p}; {@code 2p + 1} -
 * the value of {@code p}, published; {@code 2(p + L)} - consumed, free for the sender of {@code
 * p + L}. A sender reserves {@code p} by CAS on {@code tx} once the slot is free for it, writes
 * the value and publishes; a receiver reserves by CAS on {@code rx} once the slot is
 * published, reads and frees it. Each side waits only for a party that has reserved a position
 * and is a few instructions from publishing or freeing it (no lock, no blocking between).
 *
 * <p>The low bits of {@code tx} and {@code rx} are flags, so that the reserving CAS also checks
 * them: {@code CLOSED} in {@code tx}, and both waiting flags, {@code SEND_WAITING} and {@code
 * RECV_WAITING}, in <em>both</em> words. In its own side's word ({@code SEND_WAITING} in {@code
 * tx}, {@code RECV_WAITING} in {@code rx}) a set flag turns that side's lock-free path away (the
 * CAS fails on the changed word), so while parties wait, their side of the ring is moved only
 * under the lock, in FIFO order. In the other side's word it tells a lock-free party, through
 * the very value its CAS succeeded on, that somebody waits for what it just did. So a lock-free
 * operation reads and writes only its own side's counter: the other side's cache line stays
 * where it is, which matters because moving a line between cores is the dearest thing a
 * buffered operation does (about 150 ns on the 2-core machine of docs/BENCHMARKS.md).
 *
 * <h2>Invariants</h2>
 *
 * <ol>
 *   <li>{@code RECV_WAITING} is set whenever {@code recvq} is not empty, {@code SEND_WAITING}
 *       whenever {@code sendq} is not empty (they may stay set a little longer: "may wait").
 *   <li>After every lock holder's {@link #settleLocked}, no published value sits in the ring
 *       while a live receiver waits, and no free slot while a live sender waits, except for
 *       positions reserved by a lock-free party that has not yet published or freed them.
 *   <li>Once {@code CLOSED} is set, {@code tx} never moves again, and the queues are empty for
 *       good: {@code close} detaches them whole under the lock and, after unlocking, wakes their
 *       live waiters in one pass (receivers with "closed", senders with failure). Nothing
 *       enqueues on a closed channel, and {@link #dequeue} leaves its queues alone, so the
 *       detached chain is the closer's alone.
 *   <li>{@code sync}, once set, is never replaced, and everything above that mentions the lock or
 *       the queues means that one {@link Sync}: two parties that race to install it (many
 *       threads about to wait on a fresh channel) both end up with the CAS winner's, so no
 *       waiter is queued where a waker will not look. A flag is set only under the lock, so a
 *       lock-free party that sees one always finds {@code sync} set.
 *   <li>On an unbuffered channel, {@link Sync#slot} holds a waiter only while both queues are
 *       empty. It is {@code INFLATED} while a queue is not empty, while a lock holder works on the
 *       queues (from {@link #lock} to the deflating store that a plain send or receive makes
 *       last, just before unlocking, after which it touches neither), and for good once the
 *       channel is closed ("Unbuffered hand-off" below).
 * </ol>
 *
 * <p>"Live" matters because a waiter may stay queued after it stopped waiting (its select fired
 * elsewhere, it timed out or was interrupted): {@link #claimFirst} drops such waiters when it
 * meets them, as Go's {@code dequeue} drops sudogs whose select is done.
 *
 * <h2>Why no wake-up is lost (the second invariant)</h2>
 *
 * <p>A party that is about to wait sets its flag in both words (a CAS each, its own side's
 * first), then, still under the lock, settles: it looks at the ring again and hands every
 * published value or free slot to the first live waiter, possibly itself, and it waits out any
 * position the other side has <em>reserved</em> ({@code tx} or {@code rx} beyond the slot's
 * state) until it is published or freed. A lock-free sender reserves by a CAS on {@code tx},
 * the word in which a waiting receiver also sets {@code RECV_WAITING}; a lock-free receiver
 * reserves by a CAS on {@code rx}, where a waiting sender also sets {@code SEND_WAITING}. The
 * two CASes on one word are ordered: if the waiter's came first, the lock-free party's CAS
 * succeeded on a value holding the flag, and once it has published (or freed) it takes the lock
 * and settles; if the lock-free party's came first, the waiter's CAS and its settling read a
 * counter that holds the reservation, and it takes the value (or slot) once it is published (or
 * freed). That is why publishing and freeing need only release stores: one CAS per lock-free
 * operation, on one cache line of counters.
 *
 * <h2>Matching a waiter</h2>
 *
 * <p>A waiter is matched by claiming its {@link Parker} with a CAS under this lock (or after
 * taking it out of an unbuffered channel's slot, above); the claimer
 * moves the value and adds the waiter to {@code releasing}, and {@link #unlockAndRelease}
 * completes it after unlocking, so the woken party never waits for this lock to proceed. See
 * {@link Parker} for why a blocked party and its waker cannot both win. On an unbuffered channel
 * a send hands its value straight to a waiting receiver (no buffer copy, as in Go).
 *
 * <h2>Unbuffered hand-off</h2>
 *
 * <p>{@link Sync#slot} is null when nobody waits; the waiter of the one plain send or receive
 * that waits (never a select's); or {@code INFLATED} while the lock and the queues decide. A party
 * that finds the other direction's waiter there CASes it out, then claims its parker; one that
 * finds the slot empty CASes its own waiter in and waits. Anything else (a second waiter of the
 * same direction, a select, close) takes the lock, and {@link #lock} inflates the slot first,
 * moving its waiter to its queue: the queues are empty while the slot holds a waiter, so the
 * waiter keeps its place as the first. A plain send or receive that took the lock deflates the
 * slot to null before unlocking if both queues are empty ({@link #deflateIfIdleLocked}), unless
 * the channel is closed; a select leaves it inflated. A closed channel's slot stays inflated, so
 * a party that reads null reads it before close began, when "nobody waits and the channel is
 * open" was true: that is what a non-blocking operation then answers.
 *
 * <p>A waiter leaves the slot by exactly one CAS: a matcher's, the inflating lock holder's, or
 * its owner's when it gives up. It is matched by the claim CAS on its parker, which its owner's
 * cancel contends for, so a value never goes to a waiter that gave up. An owner that gave up and
 * no longer finds its waiter in the slot dequeues it under the lock, where inflating may have
 * moved it. Per message two cache lines, the slot's and the waiter's, go to the matcher's core and
 * back, where the lock also moved the lock word and the queue: ChanSync and PingPong 1.5x faster
 * (docs/BENCHMARKS.md). Those two lines are now what a message costs while both parties spin
 * ({@code LineProbe}); keeping the value and the state in the slot's own line instead was built
 * and measured, and did not pay: the slot then stays held until its owner collects the value.
 *
 * <h2>Select</h2>
 *
 * <p>{@link Select} first tries its cases through {@link #receiveNoLock} / {@link #sendNoLock}
 * (the lock-free paths above, never blocking); then it locks every channel of a select in a
 * global order ({@link #id()}), polls
 * the cases in random order through {@link #sendLocked} / {@link #receiveLocked}, and, when
 * none is ready, enqueues one waiter per case on a shared parker ({@link #enqueueLocked}, which
 * sets the flag and settles), as Go's {@code selectgo}.
 *
 * <p>Tests that guard this class: {@code ChannelContractTest}, {@code ChannelStressTest},
 * {@code HappensBeforeTest}, {@code InterruptTest}, {@code ChannelLincheckTest}, {@code
 * ClosedIsFinalStressTest}, {@code FirstWaiterRaceTest}, {@code UnbufferedHandOffTest}.
 */
final class HChan<E> implements Channel<E> {

  /** Outcomes of the locked primitives; never values, since user values are never these. */
  static final Object SENT = new Marker("SENT");

  static final Object FULL = new Marker("FULL");
  static final Object EMPTY = new Marker("EMPTY");
  static final Object CLOSED = new Marker("CLOSED");

  /** {@link Sync#slot}'s value while the lock and the queues decide. */
  private static final Object INFLATED = new Marker("INFLATED");

  /**
   * Flags in the low bits of {@code tx} and {@code rx}; positions above them. Both waiting flags
   * are kept in both words (see the class comment); {@code CLOSED_BIT} only in {@code tx}.
   */
  private static final long RECV_WAITING = 1L;

  private static final long SEND_WAITING = 2L;
  private static final long CLOSED_BIT = 4L;
  private static final int SHIFT = 3;
  private static final long ONE = 1L << SHIFT;

  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle ID;
  private static final VarHandle SYNC;
  /** Elements of {@code ctl}: the two counters and the slots' sequence numbers. */
  private static final VarHandle CTL = MethodHandles.arrayElementVarHandle(long[].class);

  /**
   * Where {@code ctl} keeps the counters and the slots' sequence numbers. {@code tx} is always
   * after a cache line of padding. Above {@link #COMPACT_MAX} slots, {@code rx} sits alone on the
   * next line and the sequence numbers start on a third ({@link #RX_APART}, {@link #SEQ_APART}):
   * senders and receivers are then mostly different parties on different cores, and each must
   * not drag the other's counter along. Up to {@link #COMPACT_MAX}, the counters and the sequence
   * numbers sit together (48 bytes at most: one cache line, or two adjacent ones as the array
   * happens to be aligned), padded at both ends, as Go keeps its lock and counters together: a
   * buffer that small is mostly a semaphore, a lock or a signal, whose parties both send and
   * receive, so fewer lines moving per operation beats three (measured with every channel
   * compact: ChanSem 1.6x faster, a streaming ProdCons100 2.5x slower; docs/BENCHMARKS.md).
   */
  private static final int TX_AT = 8;

  private static final int RX_APART = 24;
  private static final int SEQ_APART = 32;
  private static final int COMPACT_MAX = 4;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ID = l.findVarHandle(HChan.class, "id", long.class);
      SYNC = l.findVarHandle(HChan.class, "sync", Sync.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int cap;

  /**
   * Positions in {@code tx} and {@code rx} are counted in a mixed radix, not linearly: a position
   * is {@code lap * L + i}, where {@code i < cap} is its slot and {@code L} is {@code cap} rounded
   * up to a power of two, so that the slot is {@code pos & mask} ({@code mask = L - 1}) and no
   * operation divides (a 64-bit {@code pos % cap} cost 7 ns of a 21 ns send on a channel of
   * capacity 100: docs/BENCHMARKS.md). The position after the last slot of a lap is the first of
   * the next ({@link #step}); the same slot one lap later is {@code pos + L}. The map from linear
   * positions is increasing, so positions compare as they did, and "{@code p + cap}" becomes
   * "{@code p + L}". For a power-of-two capacity the two countings are the same. The step and
   * the lap's shift are computed from {@code mask} and {@code cap}, not kept in fields, so that
   * the channel object keeps its size and layout.
   */
  private final int mask;

  private final Object[] buf;
  /**
   * The ring's control words in one array: the two counters, {@code ctl[TX_AT]} and {@code
   * ctl[rxAt]}, and slot {@code i}'s sequence number at {@code ctl[seqAt + i]}. {@code tx}:
   * positions reserved by senders, and the flags {@code CLOSED_BIT}, {@code SEND_WAITING}, {@code
   * RECV_WAITING}; {@code rx}: positions reserved by receivers, and the two waiting flags. Null
   * on an unbuffered channel.
   *
   * <p>Above {@link #COMPACT_MAX} slots (up to it, see {@link #TX_AT}), each counter sits alone
   * on its cache line and the sequence numbers start on a third:
   * senders CAS one counter, receivers the other, on every operation, and neither may drag the
   * other, the array's header (read by every bounds check) or the sequence numbers with it from
   * core to core. The padding also keeps the channel object itself, read on every operation and
   * allocated just before this array, off the lines that are written: ChanSem (two parties on a
   * channel of capacity 2) ran 1.3x to 1.5x slower when the channel object, the slots and the
   * counters were packed together (docs/BENCHMARKS.md, "Fewer objects per channel").
   */
  private final long[] ctl;

  /** Where {@code rx} and the first sequence number are in {@code ctl}; see {@link #TX_AT}. */
  private final int rxAt;

  private final int seqAt;

  /** Unbuffered channels' closed flag; on buffered ones, a copy of {@code tx}'s bit. */
  private volatile boolean closed;

  /**
   * The lock and the wait queues, installed by CAS on first use ({@link #sync()}): a buffered
   * channel whose parties never wait, select or close never allocates them. Never replaced once
   * set.
   */
  private volatile Sync sync;

  /** Lock order for select; assigned on first use so that creating a channel stays cheap. */
  private volatile long id;

  private SendChannel<E> sendView;
  private ReceiveChannel<E> receiveView;

  /**
   * The largest capacity: the ring counts positions in laps of the power of two at or above the
   * capacity, an {@code int} (see {@link #mask}), and 2^30 slots are already 12 GiB of ring.
   */
  static final int MAX_CAPACITY = 1 << 30;

  HChan(int capacity) {
    this.cap = capacity;
    int lap = capacity <= 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    this.mask = lap - 1;
    if (capacity == 0) {
      this.buf = null;
      this.ctl = null;
      this.rxAt = 0;
      this.seqAt = 0;
    } else {
      boolean compact = capacity <= COMPACT_MAX;
      this.rxAt = compact ? TX_AT + 1 : RX_APART;
      this.seqAt = compact ? TX_AT + 2 : SEQ_APART;
      // ctl first: its padded head, not the slots, is what lies next to this object; a compact
      // one is padded at its tail too, so that the slots allocated next are not on its line.
      long[] c = new long[seqAt + capacity + (compact ? 8 : 0)];
      for (int i = 0; i < capacity; i++) {
        c[seqAt + i] = freeFor(i);
      }
      this.ctl = c; // published by the final field semantics of the constructor
      this.buf = new Object[capacity];
    }
  }

  /**
   * What only waiting needs: the channel's lock, its two wait queues, the chain of claimed
   * waiters to complete after unlocking, and an unbuffered channel's hand-off slot (in the same
   * small object as the lock word, which every lock holder also writes). One object instead of a
   * {@code ReentrantLock}, its own sync object and two queues, and made only when first needed.
   *
   * <p>The lock is a non-reentrant {@link AbstractQueuedSynchronizer} mutex, which is what a
   * {@code ReentrantLock} is inside, minus the owner bookkeeping: no code path takes a channel's
   * lock twice, and it is held only for a few field updates. Not {@code synchronized}: a virtual
   * thread that meets a held monitor pins its carrier on JDK 21-23; one that meets a held AQS lock
   * unmounts.
   */
  @SuppressWarnings("serial") // never serialised: package-private, reachable only from HChan
  static final class Sync extends AbstractQueuedSynchronizer {
    /** Tries for a held lock before queueing; 64 spins are about a microsecond here. */
    private static final int LOCK_SPINS = SchedulerProbe.VIRTUAL_SPINS > 0 ? 64 : 0;

    /** Blocked waits to let pass before this channel asks the scheduler again; see below. */
    private static final int BUSY_SKIPS = 32;

    private static final VarHandle SLOT;

    static {
      try {
        SLOT = MethodHandles.lookup().findVarHandle(Sync.class, "slot", Object.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final WaitQueue recvq = new WaitQueue();
    final WaitQueue sendq = new WaitQueue();

    /**
     * An unbuffered channel's hand-off slot: null when nobody waits, the one plain waiter when
     * exactly one send or receive waits and nothing else does, or {@link #INFLATED} while the
     * lock and the queues decide. See "Unbuffered hand-off" in the class comment.
     */
    volatile Object slot;

    boolean casSlot(Object expected, Object next) {
      return SLOT.compareAndSet(this, expected, next);
    }

    /**
     * Under the lock, with the slot inflated: empties it. While inflated only lock holders write
     * it, so a release store loses nothing, and the unlock that follows orders it for the lock's
     * next holder; a party without the lock that reads the old value just takes the lock.
     */
    void deflate() {
      SLOT.setRelease(this, null);
    }

    /**
     * How many more blocked waits on this channel skip {@link SchedulerProbe}. Asking costs a
     * scan of the scheduler's queues, which on a busy scheduler means reading lines its carriers
     * keep writing (about 90 ns a wait on the prime sieve's chain, where nobody ever spins).
     * Once the answer was "busy", the next waits here park without asking. Racy plain reads and
     * writes: it is a hint, and a lost update only asks once more or once less.
     */
    private int probeSkips;

    /** Claimed waiters to complete once the lock is released (guarded by the lock). */
    Waiter releasing;

    void lock() {
      if (!compareAndSetState(0, 1) && !spinToLock()) {
        acquire(1);
      }
    }

    /**
     * A virtual thread that finds the lock taken spins briefly for it while no virtual thread
     * waits for a carrier: the holder runs on another carrier and is a few instructions from
     * unlocking, and queueing in the lock would park this thread for longer than that.
     */
    private boolean spinToLock() {
      if (LOCK_SPINS == 0 || !Thread.currentThread().isVirtual() || queuedThreads() != 0) {
        return false;
      }
      for (int i = 0; i < LOCK_SPINS; i++) {
        Thread.onSpinWait();
        if (getState() == 0 && compareAndSetState(0, 1)) {
          return true;
        }
      }
      return false;
    }

    /**
     * The number of virtual threads waiting for a carrier, or -1 when unknown or when this
     * channel recently found the scheduler busy (then the caller should not spin).
     */
    long queuedThreads() {
      int skips = probeSkips;
      if (skips > 0) {
        probeSkips = skips - 1;
        return -1;
      }
      long queued = SchedulerProbe.queuedThreads();
      if (queued > 1) {
        probeSkips = BUSY_SKIPS;
      }
      return queued;
    }

    void unlock() {
      release(1);
    }

    @Override
    protected boolean tryAcquire(int unused) {
      return getState() == 0 && compareAndSetState(0, 1);
    }

    @Override
    protected boolean tryRelease(int unused) {
      setState(0);
      return true;
    }
  }

  /** The lock and queues, installed on first use; whoever loses the race uses the winner's. */
  private Sync sync() {
    Sync s = sync;
    if (s == null) {
      Sync fresh = new Sync();
      s = (Sync) SYNC.compareAndExchange(this, (Sync) null, fresh);
      if (s == null) {
        s = fresh;
      }
    }
    return s;
  }

  /**
   * Takes the channel's lock (installing it on first use); release with {@link
   * #unlockAndRelease}.
   */
  void lock() {
    Sync s = sync();
    s.lock();
    if (cap == 0) {
      inflateLocked(s);
    }
  }

  /**
   * Under the lock, on an unbuffered channel: turns the lock-free hand-off off (until {@link
   * #deflateIfIdleLocked} finds the queues empty), moving the slot's waiter, if any, to its
   * queue. The queues are empty while the slot holds a waiter, so it keeps its place as the
   * first.
   */
  private static void inflateLocked(Sync s) {
    while (true) {
      Object o = s.slot;
      if (o == INFLATED) {
        return;
      }
      if (s.casSlot(o, INFLATED)) {
        if (o != null) {
          Waiter w = (Waiter) o;
          (w.sending ? s.sendq : s.recvq).enqueue(w);
        }
        return;
      }
    }
  }

  long id() {
    long i = id;
    if (i == 0) {
      long fresh = IDS.incrementAndGet();
      i = ID.compareAndSet(this, 0L, fresh) ? fresh : id;
    }
    return i;
  }

  // ---------------------------------------------------------------- releasing claimed waiters

  /** Under the lock: {@code w} was claimed; complete it after unlocking. */
  private void releaseLater(Waiter w, boolean success) {
    Sync s = sync;
    w.success = success;
    w.releaseNext = s.releasing;
    s.releasing = w;
  }

  /**
   * Under the lock, before {@link #unlockAndRelease}: on an unbuffered channel, lets hand-offs go
   * lock-free again if nobody waits (a buffered channel has no slot). Only plain sends and
   * receives call this, not select: a channel whose selects keep locking it would pay a CAS to
   * inflate and a store to deflate on every lock (SelectSyncContended 8 % slower). A closed
   * channel stays inflated.
   */
  private void deflateIfIdleLocked() {
    Sync s = sync;
    if (cap == 0 && !closed && s.recvq.isEmpty() && s.sendq.isEmpty()) {
      s.deflate();
    }
  }

  /** Unlocks, then completes every waiter claimed under the lock. */
  void unlockAndRelease() {
    Sync s = sync;
    Waiter w = s.releasing;
    s.releasing = null;
    s.unlock();
    while (w != null) {
      Waiter next = w.releaseNext;
      w.releaseNext = null;
      w.owner.complete(w);
      w = next;
    }
  }

  // ---------------------------------------------------------------- primitives under the lock

  /**
   * Under the lock: sends {@code v}. Returns {@link #SENT}, {@link #CLOSED} or {@link #FULL};
   * on an unbuffered channel, a claimed receiver instead of {@code SENT} (complete it with
   * {@link #finishSend} after unlocking).
   */
  Object sendLocked(Object v) {
    if (cap != 0) {
      return sendLockedBuffered(v);
    }
    if (closed) {
      return CLOSED;
    }
    Waiter r = claimFirst(recvq());
    if (r != null) {
      r.item = v;
      return r;
    }
    return FULL;
  }

  /**
   * Under the lock: receives. Returns the value, {@link #EMPTY} or {@link #CLOSED}; on an
   * unbuffered channel, a claimed sender instead of the value (its {@code item}; complete it with
   * {@link #finishReceive} after unlocking).
   */
  Object receiveLocked() {
    if (cap != 0) {
      return receiveLockedBuffered();
    }
    Waiter s = claimFirst(sendq());
    if (s != null) {
      return s;
    }
    return closed ? CLOSED : EMPTY;
  }

  private Object sendLockedBuffered(Object v) {
    if ((tx() & CLOSED_BIT) != 0) {
      return CLOSED;
    }
    settleLocked();
    if ((rx() & RECV_WAITING) != 0) {
      // Receivers still wait after settling, so nothing is published for them: hand over directly.
      Waiter r = claimFirst(recvq());
      if (r != null) {
        r.item = v;
        releaseLater(r, true);
        clearRecvWaitingIfIdle();
        return SENT;
      }
      clearRecvWaitingIfIdle();
    }
    // SEND_WAITING may be set: then only lock holders move tx, and settling left no free slot
    // while a sender waits, so this cannot overtake a waiting sender.
    return offer(v, true);
  }

  private Object receiveLockedBuffered() {
    settleLocked(); // earlier waiters first
    return poll(true);
  }

  /**
   * Under the lock: hands published values to live waiting receivers and free slots to live
   * waiting senders, in queue order, until neither is possible; clears a flag whose queue
   * emptied. The second invariant in the class comment.
   */
  private void settleLocked() {
    if (cap == 0) {
      return;
    }
    boolean moved;
    do {
      moved = false;
      if ((rx() & RECV_WAITING) != 0) {
        for (int spins = 0; ; ) {
          long r = rx();
          long pos = r >>> SHIFT;
          int i = slot(pos);
          long s = (long) CTL.getVolatile(ctl, seqAt + i);
          if (s != published(pos)) {
            if (s < published(pos) && (tx() >>> SHIFT) > pos) {
              spins = spinWait(spins); // reserved by a sender, not yet published
              continue;
            }
            break;
          }
          Waiter w = claimFirst(recvq());
          if (w == null) {
            break;
          }
          // RECV_WAITING keeps lock-free receivers off rx: the head is ours to take.
          CTL.setVolatile(ctl, rxAt, r + step(pos));
          w.item = buf[i];
          buf[i] = null;
          CTL.setVolatile(ctl, seqAt + i, freeFor(nextLap(pos)));
          releaseLater(w, true);
          moved = true;
        }
        clearRecvWaitingIfIdle();
      }
      if ((tx() & (SEND_WAITING | CLOSED_BIT)) == SEND_WAITING) { // a closed channel takes no more
        for (int spins = 0; ; ) {
          long t = tx();
          long pos = t >>> SHIFT;
          int i = slot(pos);
          long s = (long) CTL.getVolatile(ctl, seqAt + i);
          if (s != freeFor(pos)) {
            if (s < freeFor(pos) && nextLap(rx() >>> SHIFT) > pos) {
              spins = spinWait(spins); // reserved by a receiver, not yet freed
              continue;
            }
            break;
          }
          Waiter w = claimFirst(sendq());
          if (w == null) {
            break;
          }
          // SEND_WAITING keeps lock-free senders off tx: the tail is ours to fill.
          CTL.setVolatile(ctl, TX_AT, t + step(pos));
          buf[i] = w.item;
          w.item = null;
          CTL.setVolatile(ctl, seqAt + i, published(pos));
          releaseLater(w, true);
          moved = true;
        }
        clearSendWaitingIfIdle();
      }
    } while (moved);
  }

  private void clearRecvWaitingIfIdle() {
    if (recvq().isEmpty()) {
      // While the flag is set in rx only lock holders write rx, so a plain volatile write loses
      // nothing there; lock-free senders may be CASing tx, so its copy goes by CAS.
      long r = rx();
      if ((r & RECV_WAITING) != 0) {
        CTL.setVolatile(ctl, rxAt, r & ~RECV_WAITING);
      }
      clearFlag(TX_AT, RECV_WAITING);
    }
  }

  private void clearSendWaitingIfIdle() {
    if (sendq().isEmpty()) {
      long t = tx();
      if ((t & SEND_WAITING) != 0) {
        CTL.setVolatile(ctl, TX_AT, t & ~SEND_WAITING);
      }
      clearFlag(rxAt, SEND_WAITING);
    }
  }

  /** Sets a flag in a word that lock-free parties may be CASing at the same moment. */
  private void setFlag(int at, long flag) {
    long v;
    do {
      v = (long) CTL.getVolatile(ctl, at);
    } while ((v & flag) == 0 && !CTL.compareAndSet(ctl, at, v, v | flag));
  }

  /** Clears a flag in a word that lock-free parties may be CASing at the same moment. */
  private void clearFlag(int at, long flag) {
    long v;
    do {
      v = (long) CTL.getVolatile(ctl, at);
    } while ((v & flag) != 0 && !CTL.compareAndSet(ctl, at, v, v & ~flag));
  }

  private long tx() {
    return (long) CTL.getVolatile(ctl, TX_AT);
  }

  private long rx() {
    return (long) CTL.getVolatile(ctl, rxAt);
  }

  /** Under the lock (so {@code sync} is set): the receivers' queue. */
  private WaitQueue recvq() {
    return sync.recvq;
  }

  /** Under the lock: the senders' queue. */
  private WaitQueue sendq() {
    return sync.sendq;
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

  /**
   * Under the lock: enqueues a waiter on the queue its direction belongs to. On a buffered
   * channel this sets the queue's flag and settles, which may claim {@code w} itself at once (a
   * value or slot appeared since the caller looked): {@link #unlockAndRelease} then completes it.
   */
  void enqueueLocked(Waiter w) {
    // Each flag goes first into its own side's word (turning that side's lock-free path away),
    // then into the other side's (telling it to settle), and only then does settling look at
    // the ring: see "Why no wake-up is lost" in the class comment.
    if (w.sending) {
      sendq().enqueue(w);
      if (cap != 0) {
        setFlag(TX_AT, SEND_WAITING);
        setFlag(rxAt, SEND_WAITING);
      }
    } else {
      recvq().enqueue(w);
      if (cap != 0) {
        setFlag(rxAt, RECV_WAITING);
        setFlag(TX_AT, RECV_WAITING);
      }
    }
    settleLocked();
  }

  /** Unlinks a waiter that stopped waiting; takes the lock. */
  void dequeue(Waiter w) {
    Sync s = sync; // set: w was enqueued under the lock, or in the slot
    lock();
    try {
      if (closed) {
        return; // close took w with the rest (WaitQueue.detachAll), and nothing enqueues since
      }
      if (w.sending) {
        s.sendq.remove(w);
        if (cap != 0) {
          clearSendWaitingIfIdle();
        }
      } else {
        s.recvq.remove(w);
        if (cap != 0) {
          clearRecvWaitingIfIdle();
        }
      }
      deflateIfIdleLocked();
    } finally {
      unlockAndRelease();
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

  // ---------------------------------------------------------------- lock-free buffered paths

  /** {@code seq} value of a slot that is free for position {@code p}'s sender. */
  private static long freeFor(long p) {
    return p << 1;
  }

  /**
   * {@code seq} value of a slot that holds position {@code p}'s value. Doubling keeps it apart
   * from {@code freeFor(nextLap(p))} even when {@code cap} is 1 (Vyukov's queue needs two slots).
   */
  private static long published(long p) {
    return (p << 1) | 1;
  }

  private int slot(long pos) {
    return (int) pos & mask;
  }

  /** How much {@code tx} or {@code rx} grows when it moves past {@code pos}: see {@link #mask}. */
  private long step(long pos) {
    int i = (int) pos & mask;
    return i == cap - 1 ? (long) (mask + 2 - cap) << SHIFT : ONE;
  }

  /** The same slot one lap later: the position whose sender waits for {@code pos}'s receiver. */
  private long nextLap(long pos) {
    return pos + mask + 1;
  }

  /** How many positions lie from {@code from} up to {@code to} ({@code from <= to}). */
  private long distance(long from, long to) {
    int lapShift = Integer.numberOfTrailingZeros(mask + 1);
    return ((to >>> lapShift) - (from >>> lapShift)) * cap + (to & mask) - (from & mask);
  }

  /**
   * Waits for a party that reserved a position and is publishing or freeing it: a few
   * instructions, unless its thread was descheduled, hence the yield after a while.
   */
  private static int spinWait(int spins) {
    // The window is a few instructions: re-read at once at first (a PAUSE costs up to 140
    // cycles on recent x86), then politely, then give the processor away.
    if (spins >= 16) {
      if (spins < 80) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    return spins + 1;
  }

  /**
   * Buffered send through the ring: {@link #SENT}, {@link #CLOSED}, {@link #FULL} (every slot
   * holds a value), or null when parties wait and the lock must decide. {@code locked}: the caller
   * holds the lock and has settled, so the waiting flags do not turn it away and nobody can set
   * {@code RECV_WAITING} meanwhile.
   */
  private Object offer(Object v, boolean locked) {
    for (int spins = 0; ; ) {
      long t = tx();
      if ((t & CLOSED_BIT) != 0 || (!locked && (t & SEND_WAITING) != 0)) {
        return (t & CLOSED_BIT) != 0 ? CLOSED : null;
      }
      long pos = t >>> SHIFT;
      int i = slot(pos);
      long s = (long) CTL.getAcquire(ctl, seqAt + i);
      if (s == freeFor(pos)) {
        if (CTL.compareAndSet(ctl, TX_AT, t, t + step(pos))) {
          // The flag as of the reserving CAS (the fence of the protocol, see the class comment),
          // read from this side's own word: no read of the receivers' line on the way.
          boolean receiversWait = !locked && (t & RECV_WAITING) != 0;
          buf[i] = v;
          CTL.setRelease(ctl, seqAt + i, published(pos));
          if (receiversWait) {
            lock();
            settleLocked();
            unlockAndRelease();
          }
          return SENT;
        }
      } else if (s < freeFor(pos)) {
        if (nextLap(rx() >>> SHIFT) <= pos) {
          return FULL;
        }
        spins = spinWait(spins); // a receiver reserved the slot and is about to free it
      }
    }
  }

  /**
   * Buffered receive through the ring: the value, {@link #CLOSED}, {@link #EMPTY}, or null when
   * receivers wait and the lock must decide. {@code locked}: the caller holds the lock and has
   * settled, so {@code RECV_WAITING} does not turn it away.
   */
  private Object poll(boolean locked) {
    for (int spins = 0; ; ) {
      long r = rx();
      if (!locked && (r & RECV_WAITING) != 0) {
        return null;
      }
      long pos = r >>> SHIFT;
      int i = slot(pos);
      long s = (long) CTL.getAcquire(ctl, seqAt + i);
      if (s == published(pos)) {
        if (CTL.compareAndSet(ctl, rxAt, r, r + step(pos))) {
          boolean sendersWait = (r & SEND_WAITING) != 0; // as of the CAS: see offer
          Object v = buf[i];
          buf[i] = null;
          CTL.setRelease(ctl, seqAt + i, freeFor(nextLap(pos)));
          if (sendersWait) { // the freed slot goes to the first waiting sender
            if (locked) {
              settleLocked();
            } else {
              lock();
              settleLocked();
              unlockAndRelease();
            }
          }
          return v;
        }
      } else if (s < published(pos)) {
        long t = tx();
        if ((t >>> SHIFT) <= pos) {
          // tx is frozen once closed: nothing will ever be published at pos.
          return (t & CLOSED_BIT) != 0 ? CLOSED : EMPTY;
        }
        spins = spinWait(spins); // a sender reserved the slot and is about to publish
      }
    }
  }

  /**
   * Select's pass without locks, for a receive case: the value or {@link #CLOSED} if it received,
   * {@link #EMPTY} if nothing is there, or null if only the lock can tell (parties wait, or an
   * unbuffered channel has a sender waiting or is closed). Never blocks, never takes the lock.
   */
  Object receiveNoLock() {
    if (cap != 0) {
      return poll(false);
    }
    return closed || !emptyNow() ? null : EMPTY;
  }

  /**
   * Select's pass without locks, for a send case: {@link #SENT} or {@link #CLOSED} if it is
   * decided, {@link #FULL} if there is no room, or null if only the lock can tell.
   */
  Object sendNoLock(Object v) {
    if (cap != 0) {
      return offer(v, false);
    }
    return closed || !fullNow() ? null : FULL;
  }

  /** Unbuffered, without the lock: no receiver waits (none ever did if there is no sync). */
  private boolean fullNow() {
    Sync s = sync;
    if (s == null) {
      return true;
    }
    Object o = s.slot;
    return o == INFLATED ? s.recvq.isEmptyAcquire() : o == null || ((Waiter) o).sending;
  }

  /** Unbuffered, without the lock: no sender waits. */
  private boolean emptyNow() {
    Sync s = sync;
    if (s == null) {
      return true;
    }
    Object o = s.slot;
    return o == INFLATED ? s.sendq.isEmptyAcquire() : o == null || !((Waiter) o).sending;
  }

  // ---------------------------------------------------------------- raw operations

  /**
   * Sends; blocks only if {@code block}, and then until {@code deadline} if {@code timed}.
   * Returns {@link #SENT}, {@link #CLOSED}, or {@link #FULL} (would block, or timed out).
   */
  Object sendRaw(Object v, boolean block, boolean timed, long deadline) {
    if (cap != 0) {
      Object f = offer(v, false);
      if (f == SENT || f == CLOSED || (f == FULL && !block)) {
        return f;
      }
    } else {
      Object f = handOff(true, v, block, timed, deadline);
      if (f != null) {
        return f;
      }
    }
    Object r;
    Waiter w = null;
    lock();
    try {
      r = sendLocked(v);
      if (r == FULL && block && !Thread.currentThread().isInterrupted()) {
        w = new Waiter(Thread.currentThread(), this, true, v);
        enqueueLocked(w);
      }
    } finally {
      deflateIfIdleLocked();
      unlockAndRelease();
    }
    if (w == null) {
      if (r == FULL && block) {
        throw new OperationInterruptedException("channel send");
      }
      return finishSend(r);
    }
    int outcome = w.await(timed, deadline, sync);
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
   * Receives; blocks only if {@code block}, and then until {@code deadline} if {@code timed}.
   * Returns the value, {@link #CLOSED}, or {@link #EMPTY} (would block, or timed out).
   */
  Object receiveRaw(boolean block, boolean timed, long deadline) {
    if (cap != 0) {
      Object f = poll(false);
      if (f != null && (f != EMPTY || !block)) {
        return f;
      }
    } else {
      Object f = handOff(false, null, block, timed, deadline);
      if (f != null) {
        return f;
      }
    }
    Object r;
    Waiter w = null;
    lock();
    try {
      r = receiveLocked();
      if (r == EMPTY && block && !Thread.currentThread().isInterrupted()) {
        w = new Waiter(Thread.currentThread(), this, false, null);
        enqueueLocked(w);
      }
    } finally {
      deflateIfIdleLocked();
      unlockAndRelease();
    }
    if (w == null) {
      if (r == EMPTY && block) {
        throw new OperationInterruptedException("channel receive");
      }
      return finishReceive(r);
    }
    int outcome = w.await(timed, deadline, sync);
    if (outcome == Parker.DONE) {
      return w.success ? w.item : CLOSED;
    }
    dequeue(w);
    if (outcome == Parker.TIMED_OUT) {
      return EMPTY;
    }
    throw new OperationInterruptedException("channel receive");
  }

  // ---------------------------------------------------------------- lock-free unbuffered hand-off

  /**
   * An unbuffered send ({@code sending}, of {@code v}) or receive without the lock: matches the
   * party of the other direction waiting in the slot, or, if {@code block}, waits in the slot
   * when nobody waits. Returns as {@link #sendRaw} or {@link #receiveRaw}, or null when only the
   * lock can tell (the slot is inflated, or a party of the same direction waits in it).
   */
  private Object handOff(boolean sending, Object v, boolean block, boolean timed, long deadline) {
    Object wouldBlock = sending ? FULL : EMPTY;
    Sync s = sync;
    if (s == null) {
      if (!block) {
        return wouldBlock; // nobody ever waited, and close would have installed the lock
      }
      s = sync();
    }
    Waiter w = null;
    while (true) {
      Object o = s.slot;
      if (o == null) {
        // Nobody waits, and the channel is open: close inflates the slot for good.
        if (!block) {
          return wouldBlock;
        }
        if (w == null) {
          Thread me = Thread.currentThread();
          if (me.isInterrupted()) {
            throw new OperationInterruptedException(sending ? "channel send" : "channel receive");
          }
          w = new Waiter(me, this, sending, v);
        }
        if (s.casSlot(null, w)) {
          int outcome = awaitInSlot(s, w, timed, deadline);
          if (outcome == Parker.DONE) {
            return !w.success ? CLOSED : sending ? SENT : w.item;
          }
          if (outcome == Parker.TIMED_OUT) {
            return wouldBlock;
          }
          throw new OperationInterruptedException(sending ? "channel send" : "channel receive");
        }
      } else if (o == INFLATED) {
        return block ? null : inflatedWouldBlock(sending);
      } else {
        Waiter other = (Waiter) o;
        if (other.sending == sending) {
          return block ? null : wouldBlock; // one of ours waits, so none of the other direction
        }
        if (s.casSlot(other, null) && other.tryClaim()) {
          Object received = other.item;
          other.item = v; // a receiver gets v; a sender's value is taken (v is null)
          other.release(true);
          return sending ? SENT : received;
        }
        // It gave up (timed out or interrupted) and is leaving, or the slot changed: look again.
      }
    }
  }

  /**
   * A non-blocking operation on an inflated slot, without the lock: "would block" when nobody
   * waits to be matched (and, for a receive, the channel is open), as {@link #fullNow} and
   * {@link #emptyNow} read the queues; else null for the lock to decide.
   */
  private Object inflatedWouldBlock(boolean sending) {
    if (sending) {
      // The queue first, then closed: read the other way, a close between the two reads (which
      // empties the queue) would make "open, and nobody waits" out of "somebody waits, or
      // closed", and a trySend would answer WOULD_BLOCK where SENT or CLOSED was due. Closed
      // never goes back, so "nobody waits" and "open" both held at the first read.
      return fullNow() && !closed ? FULL : null;
    }
    if (!emptyNow()) {
      return null;
    }
    if (!closed) {
      return EMPTY;
    }
    return emptyNow() ? CLOSED : null;
  }

  /**
   * Waits in the slot; on giving up, leaves it, or the queue a lock holder moved it to. Returns
   * as {@link Parker#await}.
   */
  private int awaitInSlot(Sync s, Waiter w, boolean timed, long deadline) {
    int outcome = w.await(timed, deadline, s);
    if (outcome != Parker.DONE && !s.casSlot(w, null)) {
      dequeue(w); // inflated meanwhile: w was moved to its queue (or taken out by a matcher)
    }
    return outcome;
  }

  /** The {@code System.nanoTime()} deadline {@code nanos} (at least 0) from now. */
  static long deadlineAfter(long nanos) {
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
    long nanos = saturatedNanos(timeout);
    // No time to wait is a default case: no parking, and no interrupt check (SEMANTICS.md).
    return toSendResult(
        nanos == 0
            ? sendRaw(value, false, false, 0L)
            : sendRaw(value, true, true, deadlineAfter(nanos)));
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
    long nanos = saturatedNanos(timeout);
    // No time to wait is a default case: no parking, and no interrupt check (SEMANTICS.md).
    return toReceiveResult(
        nanos == 0 ? receiveRaw(false, false, 0L) : receiveRaw(true, true, deadlineAfter(nanos)));
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
    Waiter receivers;
    Waiter senders;
    lock();
    try {
      if (closed) {
        throw new ChannelClosedException("close of closed channel");
      }
      if (cap != 0) {
        setFlag(TX_AT, CLOSED_BIT);
        // tx is frozen now; wait for senders that reserved a position to publish it, so that the
        // receivers released below as "closed" cannot be followed by a value.
        long end = tx() >>> SHIFT;
        for (long p = Math.max(0L, end - (mask + 1)); p < end; p += step(p) >>> SHIFT) {
          int i = slot(p);
          for (int spins = 0; (long) CTL.getVolatile(ctl, seqAt + i) == freeFor(p); ) {
            spins = spinWait(spins);
          }
        }
        settleLocked(); // values still owed to waiting receivers
      }
      closed = true;
      receivers = recvq().detachAll();
      senders = sendq().detachAll();
      if (cap != 0) {
        clearRecvWaitingIfIdle();
        clearSendWaitingIfIdle();
      }
    } finally {
      unlockAndRelease();
    }
    releaseDetached(receivers);
    releaseDetached(senders);
  }

  /**
   * After {@code close} unlocked: fails every live waiter of a chain that {@link
   * WaitQueue#detachAll} took (receivers read "closed", senders throw). One pass, reading each
   * link before the claim: once completed, a waiter belongs to its owner again. A waiter whose
   * owner gave up loses the claim and is skipped; its owner's {@link #dequeue} finds the channel
   * closed and leaves the queues alone, so nobody else touches the chain.
   */
  private static void releaseDetached(Waiter w) {
    while (w != null) {
      Waiter next = w.next;
      if (w.owner.tryClaim()) {
        w.release(false); // a receiver's item is still null: only its claimer writes it
      }
      w = next;
    }
  }

  @Override
  public boolean isClosed() {
    return closed || (cap != 0 && (tx() & CLOSED_BIT) != 0);
  }

  @Override
  public int len() {
    if (cap == 0) {
      return 0;
    }
    long r = rx() >>> SHIFT;
    long t = tx() >>> SHIFT; // read second: never behind r
    return (int) Math.min(cap, distance(r, t));
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
        + (isClosed() ? ", closed]" : "]");
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

package dev.kanal.pattern;

import static dev.kanal.Select.select;

import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.ContextException;
import dev.kanal.ReceiveResult;
import dev.kanal.Select;
import dev.kanal.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Seed 004's resource pool: goroutines share a few costly resources (database connections,
 * buffers); {@link #acquire()} takes an idle one or makes a new one with the factory,
 * {@link #release} puts it back, or closes it when the pool already holds {@code size} idle
 * ones, and {@link #close()} closes the pool and every idle resource.
 *
 * <pre>{@code
 * var pool = new ResourcePool<>(DbConnection::open, 2);
 * DbConnection conn = pool.acquire();
 * try { ... } finally { pool.release(conn); }    // the seed's defer p.Release(conn)
 * pool.close();
 * }</pre>
 *
 * <p>Beyond the seed, as users expect from a pool: an optional maximum of live resources
 * (idle plus in use), with {@link #acquire(Duration)} and {@link #acquire(Context)} that wait
 * for one to come back; a resource is never released twice (a second release, or the release
 * of a foreign object, fails clearly); acquire on a closed pool fails clearly, and a goroutine
 * waiting in acquire when the pool closes wakes with that error.
 *
 * <h2>Implementation</h2>
 *
 * <p>As in the seed: the idle resources are a buffered channel of capacity {@code size}, and
 * a lock {@code m} makes release and close exclusive, so a release never sends on a channel
 * that close is draining. The optional maximum is a second channel used as a semaphore (Go's
 * idiom): a token is sent into {@code live} (capacity {@code maxLive}) before a resource is
 * made and received back when one is closed, so at most {@code maxLive} exist at once. A
 * waiting acquire selects on both channels: an idle resource arriving (a release hands it over
 * directly) or a token slot freeing (a resource was closed, so it may make one). The set of
 * resources handed out, by identity, is kept under {@code m}: acquire adds, release must
 * remove, which is how a double release is caught. Resources are closed outside the lock, and
 * listeners are called outside it. Guarded by {@code ResourcePoolTest}.
 *
 * @param <R> the resource type; {@link AutoCloseable} as the seed's {@code io.Closer}
 */
public final class ResourcePool<R extends AutoCloseable> implements AutoCloseable {

  /** Makes a resource: the seed's {@code func() (io.Closer, error)}. */
  @FunctionalInterface
  public interface Factory<R> {
    R create() throws Exception;
  }

  /** What the pool did, for a {@linkplain #onEvent listener} (the seed logs these). */
  public enum Event {
    /** acquire took an idle resource: the seed's "Acquire: Shared Resource". */
    ACQUIRE_SHARED,
    /** acquire made a new resource: the seed's "Acquire: New Resource". */
    ACQUIRE_NEW,
    /** release put the resource back: the seed's "Release: In Queue". */
    RELEASE_IN_QUEUE,
    /** release closed the resource, the pool being full or closed: "Release: Closing". */
    RELEASE_CLOSING,
    /** close closed an idle resource. */
    CLOSE_IDLE
  }

  private static final Object TOKEN = Boolean.TRUE;
  private static final Object CLOSED_MARK = new Object();
  private static final Object PERMIT = new Object();

  private final Factory<? extends R> factory;
  private final int size;
  private final int maxLive;
  private final Channel<R> resources;
  /** Go-style semaphore of live resources; null without a maximum. */
  private final Channel<Object> live;

  private final ReentrantLock m = new ReentrantLock();
  private final Set<R> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
  private volatile boolean closed;
  private volatile BiConsumer<Event, ? super R> listener = (e, r) -> {};

  /**
   * A pool that keeps up to {@code size} idle resources and makes as many as are asked for:
   * the seed's {@code New(fn, size)}.
   *
   * @throws IllegalArgumentException if {@code size} is less than 1
   */
  public ResourcePool(Factory<? extends R> factory, int size) {
    this(factory, size, -1);
  }

  /**
   * A pool that keeps up to {@code size} idle resources and never has more than
   * {@code maxLive} alive at once: beyond that, acquire waits for a release.
   *
   * @throws IllegalArgumentException if {@code size} is less than 1 or {@code maxLive} less
   *     than {@code size}
   */
  public ResourcePool(Factory<? extends R> factory, int size, int maxLive) {
    this.factory = Objects.requireNonNull(factory, "factory");
    if (size < 1) {
      throw new IllegalArgumentException("ResourcePool: size must be at least 1, got " + size);
    }
    if (maxLive != -1 && maxLive < size) {
      throw new IllegalArgumentException(
          "ResourcePool: maxLive ("
              + maxLive
              + ") must be at least size ("
              + size
              + "), or -1 for no maximum");
    }
    this.size = size;
    this.maxLive = maxLive;
    this.resources = Channel.buffered(size);
    this.live = maxLive == -1 ? null : Channel.buffered(maxLive);
  }

  /**
   * Calls {@code listener} with each {@link Event} and the resource concerned (from the thread
   * that caused it, outside the pool's lock). Returns this pool.
   */
  public ResourcePool<R> onEvent(BiConsumer<Event, ? super R> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * An idle resource, or a new one from the factory. Without a maximum it never waits; with
   * one it waits, as long as it takes, for a resource to come back.
   *
   * @throws ClosedException if the pool is closed, or closes while waiting
   * @throws ResourceException if the factory fails (the cause)
   */
  public R acquire() {
    return acquire(Context.background(), -1L);
  }

  /**
   * Like {@link #acquire()}, but waits at most {@code timeout} for a resource to come back
   * when {@code maxLive} are in use.
   *
   * @throws AcquireTimeoutException if none came back in time
   */
  public R acquire(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return acquire(Context.background(), Math.max(0L, saturatedNanos(timeout)));
  }

  /**
   * Like {@link #acquire()}, but gives up when {@code ctx} ends first.
   *
   * @throws ContextException ({@code ctx.err()}) if the context ends first
   */
  public R acquire(Context ctx) {
    return acquire(Objects.requireNonNull(ctx, "ctx"), -1L);
  }

  private R acquire(Context ctx, long timeoutNanos) {
    ensureOpen("acquire");
    ctx.throwIfDone();
    // The seed's select with a default: an idle resource if there is one.
    ReceiveResult<R> idle = resources.tryReceive();
    if (idle.hasValue()) {
      return handOut(idle.value(), Event.ACQUIRE_SHARED);
    }
    if (idle.isClosed()) {
      throw closedException("acquire");
    }
    if (live == null || live.trySend(TOKEN) == SendResult.SENT) {
      return create();
    }
    // At the maximum: wait for a resource to come back or for a slot to free.
    List<dev.kanal.SelectCase<Object>> cases = new ArrayList<>(4);
    cases.add(resources.onReceiveApply(r -> r == null ? CLOSED_MARK : r));
    cases.add(live.onSend(TOKEN, () -> PERMIT));
    cases.add(ctx.done().onReceiveApply(x -> ctx));
    if (timeoutNanos >= 0) {
      cases.add(Select.timeout(Duration.ofNanos(timeoutNanos), () -> null));
    }
    Object got = select(cases);
    if (got == null) {
      throw new AcquireTimeoutException(
          "ResourcePool.acquire: no resource came back within "
              + Duration.ofNanos(timeoutNanos)
              + " (all "
              + maxLive
              + " live resources are in use)");
    }
    if (got == CLOSED_MARK) {
      throw closedException("acquire");
    }
    if (got == ctx) {
      throw ctx.err();
    }
    if (got == PERMIT) {
      return create();
    }
    @SuppressWarnings("unchecked")
    R r = (R) got;
    return handOut(r, Event.ACQUIRE_SHARED);
  }

  private R create() {
    R r;
    try {
      r = Objects.requireNonNull(factory.create(), "ResourcePool: the factory returned null");
    } catch (Throwable e) {
      givePermitBack();
      if (e instanceof RuntimeException re) {
        throw re;
      }
      if (e instanceof Error err) {
        throw err;
      }
      throw new ResourceException("ResourcePool: the factory failed: " + e, e);
    }
    return handOut(r, Event.ACQUIRE_NEW);
  }

  private R handOut(R r, Event event) {
    m.lock();
    try {
      if (!inUse.add(r)) {
        throw new IllegalStateException(
            "ResourcePool: " + r + " is already in use; the factory must make a new object each time");
      }
    } finally {
      m.unlock();
    }
    listener.accept(event, r);
    return r;
  }

  /**
   * Puts {@code r} back in the pool, or closes it if the pool already holds {@code size} idle
   * resources or is closed: the seed's {@code Release}.
   *
   * @throws IllegalStateException if {@code r} was not acquired from this pool or was already
   *     released
   * @throws ResourceException if closing the resource failed (the cause)
   */
  public void release(R r) {
    Objects.requireNonNull(r, "resource");
    boolean close;
    m.lock();
    try {
      if (!inUse.remove(r)) {
        throw new IllegalStateException(
            "ResourcePool.release: "
                + r
                + " was not acquired from this pool or was already released; release each resource exactly once");
      }
      close = closed || resources.trySend(r) != SendResult.SENT;
    } finally {
      m.unlock();
    }
    if (!close) {
      listener.accept(Event.RELEASE_IN_QUEUE, r);
      return;
    }
    listener.accept(Event.RELEASE_CLOSING, r);
    Throwable failure = closeResource(r);
    if (failure != null) {
      throw new ResourceException("ResourcePool.release: closing " + r + " failed: " + failure, failure);
    }
  }

  /**
   * Closes the pool and every idle resource; resources in use are closed when released.
   * Waiting acquires wake with {@link ClosedException}. Idempotent.
   *
   * @throws ResourceException if closing some resource failed (the first as cause, the others
   *     suppressed); every resource is still closed
   */
  @Override
  public void close() {
    List<R> idle = new ArrayList<>();
    m.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      // Close the channel first, then drain it: receivers still waiting wake up and no
      // release can add to it any more (it holds m).
      resources.close();
      R r;
      while ((r = resources.receiveOrNull()) != null) {
        idle.add(r);
      }
    } finally {
      m.unlock();
    }
    ResourceException failures = null;
    for (R r : idle) {
      listener.accept(Event.CLOSE_IDLE, r);
      Throwable e = closeResource(r);
      if (e != null) {
        if (failures == null) {
          failures = new ResourceException("ResourcePool.close: closing " + r + " failed: " + e, e);
        } else {
          failures.addSuppressed(e);
        }
      }
    }
    if (failures != null) {
      throw failures;
    }
  }

  /** How many idle resources the pool holds now. */
  public int idle() {
    return resources.len();
  }

  /** How many resources are handed out now. */
  public int inUse() {
    m.lock();
    try {
      return inUse.size();
    } finally {
      m.unlock();
    }
  }

  /** The most idle resources the pool keeps. */
  public int size() {
    return size;
  }

  /** The most live resources, or -1 for no maximum. */
  public int maxLive() {
    return maxLive;
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  private Throwable closeResource(R r) {
    try {
      r.close();
      return null;
    } catch (Throwable e) {
      return e;
    } finally {
      givePermitBack();
    }
  }

  private void givePermitBack() {
    if (live != null) {
      live.tryReceive();
    }
  }

  private void ensureOpen(String op) {
    if (closed) {
      throw closedException(op);
    }
  }

  private static ClosedException closedException(String op) {
    return new ClosedException("ResourcePool." + op + ": the pool has been closed");
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? 0L : Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "ResourcePool[idle=" + idle() + ", inUse=" + inUse() + (closed ? ", closed]" : "]");
  }

  /** The pool is closed: the seed's {@code ErrPoolClosed}. */
  public static final class ClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ClosedException(String message) {
      super(message);
    }
  }

  /** No resource came back within the time given to {@link #acquire(Duration)}. */
  public static final class AcquireTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AcquireTimeoutException(String message) {
      super(message);
    }
  }

  /** A resource's own code failed: the factory, or a resource's close. The cause says how. */
  public static final class ResourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ResourceException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

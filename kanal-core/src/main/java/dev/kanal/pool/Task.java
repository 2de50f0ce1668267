package dev.kanal.pool;

import dev.kanal.CancellableContext;
import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.DeadlineExceededException;
import dev.kanal.Timer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One accepted job: the {@link Job} handle the caller holds and the {@link JobContext} its function
 * sees, in one object (a job runs at most one attempt at a time).
 *
 * <h2>State</h2>
 *
 * <p>One {@code int} word, changed only by CAS, holds the phase, two request flags and the attempt
 * number (bits 4 and up):
 *
 * <pre>
 *   QUEUED --worker--> RUNNING --worker--> WAITING (retry delay) --timer--> QUEUED ...
 *      \                  |  \                 \
 *       \--cancel-->  DONE <-worker-  (flags)    \--cancel--> DONE
 * </pre>
 *
 * <p>DONE is terminal and the CAS into it is the one place an outcome is decided, so a job has
 * exactly one outcome whoever races: a worker finishing, a canceller, the pool stopping. While the
 * job is RUNNING nobody but its worker may end it; others set a flag instead (CANCEL, or TIMED_OUT
 * for the attempt's timer) and interrupt the attempt, and the worker's CAS out of RUNNING fails and
 * re-reads until it has seen the flag. The attempt number in the word makes a late timeout timer of
 * an earlier attempt harmless: its CAS expects the old attempt and fails.
 *
 * <p>{@code errors} belongs to whoever owns the job's phase (the worker while it runs, the
 * canceller after its CAS into DONE); the volatile state write hands it over.
 *
 * <p>Interrupts go through {@link Worker#interrupt}, which interrupts the thread only while it runs
 * this very attempt, so an interrupt meant for a job never lands on the next one. Guarded by {@code
 * WorkerPoolCancelTest}, {@code WorkerPoolTimeoutTest} and {@code WorkerPoolStressTest}.
 */
final class Task<T, R> implements Job<T, R>, JobContext {
  static final int QUEUED = 0;
  static final int RUNNING = 1;
  static final int WAITING = 2;
  static final int DONE = 3;
  static final int PHASE = 3;
  static final int TIMED_OUT = 4;
  static final int CANCEL = 8;
  static final int ATTEMPT_SHIFT = 4;

  private static final VarHandle STATE;
  private static final VarHandle CANCEL_REASON;
  private static final VarHandle CTX;
  private static final VarHandle DONE_SIGNAL;
  private static final VarHandle OUTCOME;

  /** In {@code outcome}: a success published without its {@link Outcome}; see {@link #outcome}. */
  private static final Object LAZY_SUCCESS = new Object();

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(Task.class, "state", int.class);
      CANCEL_REASON = l.findVarHandle(Task.class, "cancelReason", StopReason.class);
      CTX = l.findVarHandle(Task.class, "attemptCtx", CancellableContext.class);
      DONE_SIGNAL = l.findVarHandle(Task.class, "doneSignal", Channel.class);
      OUTCOME = l.findVarHandle(Task.class, "outcome", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final WorkerPool<T, R> pool;
  final long id;
  final T input;

  private volatile int state;
  private volatile StopReason cancelReason;
  private volatile CancellableContext attemptCtx;
  private volatile Channel<Void> doneSignal;
  /** Null until published; then the outcome, or {@link #LAZY_SUCCESS} until someone asks. */
  private volatile Object outcome;

  // Plain fields: each is written before a volatile write or channel send that its readers
  // come after (the send of the task, or the state CAS), so they need no fence of their own.
  /** When the job last entered the queue (System.nanoTime); written before the task is sent. */
  long enqueuedNanos;

  /** When the current attempt started (System.nanoTime); written before the CAS into RUNNING. */
  long attemptStartNanos;

  /** The worker running (or that last ran) an attempt; written before the CAS into RUNNING. */
  Worker<T, R> worker;

  /** True once the function was called; written while RUNNING, before the CAS out of it. */
  boolean invoked;

  /** The pending retry's timer, while WAITING (volatile: written after the CAS into WAITING). */
  volatile Timer retryTimer;

  private List<Throwable> errors;

  // A success published lazily: written before the volatile write of LAZY_SUCCESS.
  private R result;
  private long runNanos;
  private int attempts;

  Task(WorkerPool<T, R> pool, long id, T input) {
    this.pool = pool;
    this.id = id;
    this.input = input;
    this.enqueuedNanos = System.nanoTime();
  }

  // ---------------------------------------------------------------- state word

  static int phase(int s) {
    return s & PHASE;
  }

  static int attemptOf(int s) {
    return s >>> ATTEMPT_SHIFT;
  }

  static int word(int phase, int attempt) {
    return phase | attempt << ATTEMPT_SHIFT;
  }

  int state() {
    return state;
  }

  boolean cas(int expected, int next) {
    return STATE.compareAndSet(this, expected, next);
  }

  StopReason cancelReason() {
    return cancelReason;
  }

  /** The worker's record of a failed attempt; only while it owns the job. */
  void addError(Throwable e) {
    if (errors == null) {
      errors = new ArrayList<>(2);
    }
    errors.add(e);
  }

  void removeLastError() {
    errors.remove(errors.size() - 1);
  }

  List<Throwable> errors() {
    return errors == null ? List.of() : List.copyOf(errors);
  }

  // ---------------------------------------------------------------- cancellation and timeout

  /**
   * Ends the job as cancelled if it is queued or waiting for a retry; asks its worker to stop it if
   * it is running.
   *
   * @return true if this call did either
   */
  boolean cancel(StopReason reason) {
    while (true) {
      int s = state;
      int ph = phase(s);
      if (ph == DONE) {
        return false;
      }
      if (ph != RUNNING) {
        if (cas(s, DONE)) {
          Timer t = retryTimer;
          if (t != null) {
            t.stop();
          }
          pool.cancelledWhileIdle(this, reason, attemptOf(s), ph == QUEUED);
          return true;
        }
        continue;
      }
      if ((s & CANCEL) != 0) {
        return false;
      }
      CANCEL_REASON.compareAndSet(this, null, reason);
      if (cas(s, s | CANCEL)) {
        interruptAttempt(attemptOf(s));
        return true;
      }
    }
  }

  /**
   * Called by the worker when the function has returned: if the job's own context ended at the
   * per-job deadline (and the pool's context is still live), the attempt timed out, even if the
   * pool's timer, started a moment later, has not fired yet. Without this a job that waits on its
   * context could return at its deadline and count as a success.
   */
  void noteContextDeadline(int attempt) {
    CancellableContext c = attemptCtx;
    if (c != null && c.err() instanceof DeadlineExceededException && pool.context.err() == null) {
      int s = state;
      if (s == word(RUNNING, attempt)) {
        cas(s, s | TIMED_OUT);
      }
    }
  }

  /** The per-job timer's action: marks attempt {@code attempt} timed out if it still runs. */
  void timeOut(int attempt) {
    int s = state;
    if (s == word(RUNNING, attempt) && cas(s, s | TIMED_OUT)) {
      interruptAttempt(attempt);
    }
  }

  private void interruptAttempt(int attempt) {
    Worker<T, R> w = worker;
    if (w != null) {
      w.interrupt(this, attempt);
    }
    CancellableContext c = attemptCtx;
    if (c != null) {
      c.cancel();
    }
  }

  /** Ends the attempt's context, if the job made one (most do not: no atomic operation then). */
  void releaseContext() {
    if (attemptCtx == null) {
      return;
    }
    CancellableContext c = (CancellableContext) CTX.getAndSet(this, null);
    if (c != null) {
      c.cancel();
    }
  }

  // ---------------------------------------------------------------- JobContext

  @Override
  public long jobId() {
    return id;
  }

  @Override
  public int attempt() {
    return attemptOf(state);
  }

  @Override
  public int workerId() {
    Worker<T, R> w = worker;
    return w == null ? 0 : w.id;
  }

  @Override
  public Context context() {
    CancellableContext c = attemptCtx;
    if (c != null) {
      return c;
    }
    Duration timeout = pool.jobTimeout;
    CancellableContext fresh =
        timeout == null
            ? Context.withCancel(pool.context)
            : Context.withTimeout( // which saturates a "forever" job timeout
                pool.context, timeout.minusNanos(System.nanoTime() - attemptStartNanos));
    if (!CTX.compareAndSet(this, null, fresh)) {
      fresh.cancel();
      c = attemptCtx;
      return c != null ? c : fresh;
    }
    if (isCancelled()) {
      fresh.cancel(); // a cancel that came before the context existed
    }
    return fresh;
  }

  @Override
  public boolean isCancelled() {
    int s = state;
    return (s & (CANCEL | TIMED_OUT)) != 0 || phase(s) == DONE || pool.isStopping();
  }

  // ---------------------------------------------------------------- Job

  @Override
  public long id() {
    return id;
  }

  @Override
  public T input() {
    return input;
  }

  @Override
  public boolean accepted() {
    return true;
  }

  @Override
  public boolean isDone() {
    return outcome != null;
  }

  @Override
  public boolean cancel() {
    return cancel(new StopReason.JobCancelled());
  }

  /**
   * Publishes the outcome to whoever waits on this handle. Called once, after the DONE CAS. A
   * waiter installs its channel and then re-reads {@code outcome}; this writes {@code outcome} and
   * then reads the channel: one of the two sees the other (both volatile), so a waiter either
   * returns at once or has its channel closed here. No atomic read-modify-write on the common path,
   * where nobody waits.
   */
  void publish(Outcome<T, R> o) {
    publishValue(o);
  }

  /**
   * {@link #publish} for a success whose {@link Outcome.Succeeded} nobody has needed yet (no
   * listener, no outcome stream that takes objects): the handle keeps its parts and makes the
   * record on the first {@link #outcome()} call, so a pool read through {@code results()} does not
   * allocate one per job.
   */
  void publishSuccess(R result, int attempts, long runNanos) {
    this.result = result;
    this.attempts = attempts;
    this.runNanos = runNanos;
    publishValue(LAZY_SUCCESS);
  }

  private void publishValue(Object o) {
    outcome = o;
    Channel<Void> d = doneSignal;
    if (d != null) {
      d.close();
    }
  }

  /** The published outcome, or null; makes (once, by CAS) the record of a lazy success. */
  @SuppressWarnings("unchecked")
  private Outcome<T, R> published() {
    Object o = outcome;
    if (o != LAZY_SUCCESS) {
      return (Outcome<T, R>) o;
    }
    Outcome<T, R> made =
        new Outcome.Succeeded<>(id, input, result, attempts, worker.id, runNanos);
    Object prev = OUTCOME.compareAndExchange(this, LAZY_SUCCESS, made);
    return prev == LAZY_SUCCESS ? made : (Outcome<T, R>) prev;
  }

  @Override
  public Outcome<T, R> outcome() {
    Outcome<T, R> o = published();
    if (o != null) {
      return o;
    }
    Channel<Void> d = signal();
    if ((o = published()) != null) {
      return o;
    }
    d.receiveOrNull();
    return published();
  }

  @Override
  public Optional<Outcome<T, R>> outcome(Duration timeout) {
    Outcome<T, R> o = published();
    if (o == null) {
      Channel<Void> d = signal();
      if ((o = published()) == null) {
        d.tryReceive(timeout);
        o = published();
      }
    }
    return Optional.ofNullable(o);
  }

  /** The channel closed when the outcome is published; made on first wait (CAS among waiters). */
  @SuppressWarnings("unchecked")
  private Channel<Void> signal() {
    Channel<Void> d = doneSignal;
    if (d != null) {
      return d;
    }
    Channel<Void> mine = Channel.unbuffered();
    Channel<Void> prev = (Channel<Void>) DONE_SIGNAL.compareAndExchange(this, null, mine);
    return prev == null ? mine : prev;
  }

  @Override
  public String toString() {
    int s = state;
    return "Job["
        + id
        + ", "
        + input
        + ", "
        + switch (phase(s)) {
          case QUEUED -> "queued";
          case RUNNING -> "running";
          case WAITING -> "waiting to retry";
          default -> "done";
        }
        + ", attempt "
        + attemptOf(s)
        + "]";
  }
}

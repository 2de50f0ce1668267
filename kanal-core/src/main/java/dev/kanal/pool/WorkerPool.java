package dev.kanal.pool;

import static dev.kanal.Select.select;

import dev.kanal.CancellableContext;
import dev.kanal.Channel;
import dev.kanal.ChannelClosedException;
import dev.kanal.Context;
import dev.kanal.ContextException;
import dev.kanal.DeadlineExceededException;
import dev.kanal.Go;
import dev.kanal.OperationInterruptedException;
import dev.kanal.ReceiveChannel;
import dev.kanal.Select;
import dev.kanal.SendResult;
import dev.kanal.Time;
import dev.kanal.Timer;
import dev.kanal.WaitGroup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A pool of worker goroutines that runs jobs: the worker pool of seeds 000, 001, 002 and 004, built
 * from Kanal's channels, contexts and goroutines, with everything those programs do by hand done
 * once, correctly.
 *
 * <pre>{@code
 * try (var pool = WorkerPool.<Person, String>builder((p, job) -> process(p, job.workerId()))
 *         .workers(3)
 *         .build()) {
 *     people.forEach(pool::submit);
 *     pool.shutdown();                              // close(jobs): no more jobs
 *     for (String msg : pool.results()) {           // range results: ends after the last one
 *         System.out.println(msg);
 *     }
 * }
 * }</pre>
 *
 * <p>What it does: a fixed number of workers or a min..max range that grows while jobs wait and
 * shrinks after a keep-alive idle time, {@link #resize} at run time; {@link #submit} with
 * back-pressure, {@link #trySubmit}, {@link #submit(Object, Duration)}; exactly one {@link Outcome}
 * for every accepted job, readable as channels ({@link #outcomes()}, {@link #results()}, {@link
 * #errors()}) in completion or submission order; retries with back-off ({@link RetryPolicy}); a
 * per-job timeout; a pool deadline or parent {@link Context}; critical errors that stop the pool;
 * {@link #shutdown()}, {@link #shutdownNow()}, {@link #close()}, {@link #awaitTermination()};
 * events to {@link PoolListener}s and a {@link LogSink}; {@link #metrics()}. See {@link
 * WorkerPoolBuilder} for the options.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Jobs.</b> An accepted job is a {@link Task} sent on {@code jobs}, a Kanal channel of the
 * queue's capacity (0: hand-off, a send completes only when an idle worker takes it). Workers
 * ({@link Worker}) range over it. A task's state word (see {@link Task}) decides its single outcome
 * by CAS; {@link #complete} is called exactly once per task, after the CAS into DONE, and publishes
 * the outcome to the metrics, the events, the outcome stream and the job's handle, in that order.
 *
 * <p><b>Accounting.</b> Three monotonic counters: {@code entered} (a submit, counted <em>before</em>
 * it reads {@code runState}), {@code withdrawn} (a submit
 * that was refused after all) and {@code completed} (an outcome published). {@code entered} and
 * {@code completed} change on every job, so each is a {@link StripedCounters} on cache lines of its
 * own (a worker counts in the stripe of its id): the submitter and the workers never write the same
 * line, nor one that the workers read on every job (the worker count, the pool's fields). Jobs
 * without an outcome, submits in progress included, number
 * {@code entered - withdrawn - completed}. {@link #maybeFinish} writes nothing, but runs only after
 * {@code runState} left RUNNING and reads the counters in the order withdrawn, completed, entered:
 * an increment of {@code withdrawn} or {@code completed} follows the {@code entered} increment of
 * the same submit, so the difference can read zero only if it was zero, and a submit whose {@code
 * entered} increment the read missed comes after the {@code runState} write and will see it and
 * withdraw. So {@code jobs} is closed (once, under {@code mainLock}) only when the pool is shut
 * down and every job has its outcome: never under a submitter or a retry that still has to send.
 * The workers then leave their range loop, and the terminator goroutine waits for them, closes the
 * outcome stream, delivers the last events, flushes the log, releases the context and closes {@code
 * terminated}.
 *
 * <p><b>Stopping</b> ({@link #shutdownNow}, the deadline or parent context through the supervisor
 * goroutine, a critical error) sets {@code stopReason} once (CAS), then cancels the pool's context
 * (so every job's context ends), every running task (flag, then an interrupt that {@link Worker}
 * keeps to that attempt), every queued task (drained with non-blocking receives) and every task
 * waiting for a retry (the {@code retryWaiting} set). Each of those parties re-reads {@code
 * stopReason} after it published the task where the stopper looks (worker after {@code current},
 * submitter and re-queuer after their send, retry after joining the set), so no task slips between:
 * either the stopper sees the task, or the task's owner sees the stop. A critical failure claims
 * the stop (the CAS) before its job's outcome counts it done and carries it out after, so the
 * pool cannot finish in between without its reason; and a pool about to finish whose context has
 * ended records that reason first ({@link #maybeFinish}): {@link #stopped()} says why whenever
 * the pool ended early.
 *
 * <p><b>Sizing.</b> {@code workerCount} changes by CAS only, bounded by {@code maxWorkers} when it
 * grows and by {@code minWorkers} or {@code maxWorkers} when a worker retires, so the bounds hold
 * under any race. A submit that finds the queue full starts a worker with the job as its first task
 * (as ThreadPoolExecutor does) when the maximum allows; one that buffered its job while jobs wait
 * starts one too. The last worker to retire re-checks for queued jobs and blocked submitters, and a
 * blocked submitter re-checks for workers after announcing itself, so a job is never left without a
 * worker to take it.
 *
 * <p><b>Who blocks</b>: submitters (queue full), the outcome pump (reader slow), the event
 * goroutine (log sink full) and callers of the await methods. Workers block only waiting for a job:
 * outcomes and events go through non-blocking mailboxes, retries through timers.
 *
 * <p>Guarded by the {@code WorkerPool*Test} classes in {@code dev.kanal.pool}, above all {@code
 * WorkerPoolStressTest} (every accepted job exactly one outcome under random failures, timeouts,
 * resizes and stops, and nothing left running).
 *
 * @param <T> the job input type
 * @param <R> the job result type
 */
public final class WorkerPool<T, R> implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final VarHandle STOP_REASON;

  static {
    try {
      STOP_REASON =
          MethodHandles.lookup().findVarHandle(WorkerPool.class, "stopReason", StopReason.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final int RUNNING = 0;
  static final int SHUTDOWN = 1;
  static final int STOPPING = 2;
  static final int TERMINATED = 3;

  private static final int TRY = 0;
  private static final int BLOCK = 1;
  private static final int TIMED = 2;
  private static final Object SENT = new Object();
  private static final Object GAVE_UP = new Object();
  private static final int ENTERED = 0;
  private static final int IDS = 1;
  private static final int COMPLETED = 0;

  final String name;
  final JobFunction<T, R> function;
  final RetryPolicy retry;
  final Duration jobTimeout;
  final Duration keepAlive;
  final CancellableContext context;
  final Channel<Task<T, R>> jobs;
  final PoolCounters metrics = new PoolCounters();
  private final Predicate<? super Throwable> critical;
  private final Instant deadline;
  private final OutcomeStream<T, R> stream;
  private final EventBus events;
  private final int queueCapacity;

  private volatile int runState = RUNNING;
  private volatile StopReason stopReason;
  /** Submits begun ({@link #ENTERED}) and ids given ({@link #IDS}): one stripe of its own. */
  private final StripedCounters submits = new StripedCounters(1, 2);

  /** Outcomes published: a worker counts in the stripe of its id, anyone else in stripe 0. */
  private final StripedCounters completed =
      new StripedCounters(StripedCounters.stripesForProcessors(), 1);

  private final LongAdder withdrawn = new LongAdder();
  private final AtomicInteger workerCount = new AtomicInteger();
  private final AtomicInteger blockedSubmitters = new AtomicInteger();
  private volatile int minWorkers;
  private volatile int maxWorkers;

  private final ReentrantLock mainLock = new ReentrantLock();
  private final Map<Integer, Worker<T, R>> workers = new HashMap<>(); // guarded by mainLock
  private final BitSet workerIds = new BitSet(); // guarded by mainLock
  private final LatencyHistogram retiredQueueWait = new LatencyHistogram(); // guarded by mainLock
  private final LatencyHistogram retiredRunTime = new LatencyHistogram(); // guarded by mainLock
  private long retiredSuccesses; // guarded by mainLock
  private volatile boolean finished; // written under mainLock
  private final WaitGroup workersAlive = new WaitGroup();
  private final Set<Task<T, R>> retryWaiting = ConcurrentHashMap.newKeySet();

  /**
   * Tasks cancelled while queued that are still in {@code jobs} (a channel cannot give an element
   * back): they hold their place until a worker or a drain takes them out and skips them, and
   * {@link #metrics()} does not count them as queued. Incremented by the cancel (its CAS from
   * QUEUED into DONE), decremented by whoever takes such a task out; between the two a snapshot
   * may be one off, never below zero.
   */
  private final AtomicInteger deadInQueue = new AtomicInteger();
  private final Channel<Void> noMoreSubmits = Channel.unbuffered();
  private final Channel<Void> terminated = Channel.unbuffered();
  private final long startNanos = System.nanoTime();
  private volatile long endNanos;

  /**
   * Starts building a pool that runs {@code function} for each job.
   *
   * <pre>{@code
   * WorkerPool<Person, String> pool = WorkerPool.<Person, String>builder((p, job) -> ...)
   *     .workers(3)
   *     .build();
   * }</pre>
   */
  public static <T, R> WorkerPoolBuilder<T, R> builder(JobFunction<T, R> function) {
    return new WorkerPoolBuilder<>(function);
  }

  WorkerPool(WorkerPoolBuilder<T, R> b) {
    this.name = b.name != null ? b.name : "pool-" + POOLS.incrementAndGet();
    this.function = b.function;
    this.retry = b.retry;
    this.jobTimeout = b.jobTimeout;
    this.keepAlive = b.keepAlive;
    this.critical = b.critical;
    this.queueCapacity = b.queueCapacity;
    this.minWorkers = b.minWorkers;
    this.maxWorkers = b.maxWorkers;
    Context parent = b.parent != null ? b.parent : Context.background();
    this.context =
        b.deadline != null
            ? Context.withDeadline(parent, b.deadline)
            : b.timeout != null
                ? Context.withTimeout(parent, b.timeout) // saturates a "forever" timeout
                : Context.withCancel(parent);
    this.deadline = b.deadline != null || b.timeout != null ? context.deadline().orElseThrow() : null;
    this.jobs = Channel.buffered(b.queueCapacity);
    this.stream =
        b.discardOutcomes
            ? null
            : new OutcomeStream<>(
                name, b.ordered, Math.min(Math.max(256, b.queueCapacity), 1 << 16));
    this.events =
        b.listeners.isEmpty() && b.log == null ? null : new EventBus(name, b.listeners, b.log);
    for (int i = 0; i < minWorkers; i++) {
      tryAddWorker(null);
    }
    if (b.parent != null || deadline != null) {
      Go.go(this::supervise);
    }
  }

  // ---------------------------------------------------------------- submitting

  /**
   * Submits a job, waiting while the queue is full (back-pressure).
   *
   * @return the job's handle
   * @throws RejectedJobException if the pool was shut down or stopped, before or while this waited
   *     (the exception's {@link RejectedJobException#reason()} says which)
   * @throws dev.kanal.OperationInterruptedException if the thread is interrupted while waiting; the
   *     job was not submitted
   * @throws NullPointerException if {@code input} is null
   */
  public Job<T, R> submit(T input) {
    return offer(input, BLOCK, null);
  }

  /**
   * Submits a job only if that needs no waiting: there is room in the queue, an idle worker takes
   * it, or a new worker can be started for it.
   *
   * @return the job's handle; if refused, a handle that is already done with an {@link
   *     Outcome.Rejected} outcome ({@link Job#accepted()} is false)
   */
  public Job<T, R> trySubmit(T input) {
    return offer(input, TRY, null);
  }

  /**
   * Submits a job, waiting at most {@code timeout} for room in the queue.
   *
   * @return the job's handle; if refused (timeout, shut down, stopped), a handle that is already
   *     done with an {@link Outcome.Rejected} outcome
   * @throws dev.kanal.OperationInterruptedException if the thread is interrupted while waiting
   */
  public Job<T, R> submit(T input, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return offer(input, TIMED, timeout);
  }

  /**
   * The accepted task; if refused, a {@link RejectedJob} or, in BLOCK mode, the exception.
   *
   * <p>The accepted task is returned as it is, never looked at again once sent: a worker may
   * already be writing it, and reading even its class word here would cost this thread a cache
   * miss on every job.
   */
  private Job<T, R> offer(T input, int mode, Duration timeout) {
    Objects.requireNonNull(
        input, "a job's input must not be null (null is never a value on a channel)");
    submits.increment(0, ENTERED);
    long id = 0;
    RejectedJobException.Reason why;
    boolean accepted = false;
    try {
      why = refusal();
      if (why == null) {
        id = submits.getAndAdd(0, IDS, 1) + 1;
        Task<T, R> task = new Task<>(this, id, input);
        if (jobs.trySend(task) == SendResult.SENT || tryAddWorker(task)) {
          accepted = true;
        } else if (mode == TRY) {
          why = RejectedJobException.Reason.QUEUE_FULL;
        } else {
          why = waitForRoom(task, mode == TIMED ? timeout : null);
          accepted = why == null;
        }
        if (accepted) {
          afterEnqueue();
          if (isStopping()) {
            drainQueue(stopReason);
          }
          return task;
        }
      }
    } finally {
      if (!accepted) {
        withdraw(id);
      }
    }
    if (mode == BLOCK) {
      throw new RejectedJobException(name, why);
    }
    return new RejectedJob<>(input, why);
  }

  /** A submit was refused after all; {@code id} is the id it took, or 0. */
  private void withdraw(long id) {
    metrics.rejected.increment();
    if (id != 0 && stream != null) {
      stream.skip(id);
    }
    withdrawn.increment();
    maybeFinish();
  }

  private RejectedJobException.Reason refusal() {
    int rs = runState;
    if (rs == RUNNING && context.err() == null) {
      return null;
    }
    return rs != RUNNING && stopReason == null
        ? RejectedJobException.Reason.SHUT_DOWN
        : RejectedJobException.Reason.STOPPED;
  }

  /** Blocks until the task is sent (null), or the pool closes or the time runs out (why). */
  private RejectedJobException.Reason waitForRoom(Task<T, R> task, Duration timeout) {
    blockedSubmitters.incrementAndGet();
    try {
      if (workerCount.get() == 0) {
        tryAddWorker(null); // the last worker may have retired just now: see workerExited
      }
      Object r =
          timeout == null
              ? select(jobs.onSend(task, () -> SENT), noMoreSubmits.onReceiveApply(x -> GAVE_UP))
              : select(
                  jobs.onSend(task, () -> SENT),
                  noMoreSubmits.onReceiveApply(x -> GAVE_UP),
                  Select.timeout(timeout, () -> null));
      if (r == SENT) {
        return null;
      }
      if (r == null) {
        return RejectedJobException.Reason.TIMED_OUT;
      }
      return isStopping()
          ? RejectedJobException.Reason.STOPPED
          : RejectedJobException.Reason.SHUT_DOWN;
    } finally {
      blockedSubmitters.decrementAndGet();
    }
  }

  /** After a job entered the queue: start a worker if jobs wait and the maximum allows. */
  private void afterEnqueue() {
    int c = workerCount.get();
    if (c < maxWorkers && (c == 0 || jobs.len() > 0)) {
      tryAddWorker(null);
    }
  }

  // ---------------------------------------------------------------- workers

  /** Starts a worker (with {@code first} as its first job, if not null) if the maximum allows. */
  boolean tryAddWorker(Task<T, R> first) {
    while (true) {
      int c = workerCount.get();
      if (c >= maxWorkers) {
        return false;
      }
      if (workerCount.compareAndSet(c, c + 1)) {
        break;
      }
    }
    mainLock.lock();
    try {
      if (finished) {
        workerCount.decrementAndGet();
        return false;
      }
      int id = workerIds.nextClearBit(1);
      workerIds.set(id);
      Worker<T, R> w = new Worker<>(this, id, first);
      workers.put(id, w);
      workersAlive.add(1);
      Go.go(w::run);
      return true;
    } finally {
      mainLock.unlock();
    }
  }

  boolean retireIfAboveMax() {
    return retireAbove(true);
  }

  boolean retireIfAboveMin() {
    return retireAbove(false);
  }

  private boolean retireAbove(boolean max) {
    while (true) {
      int c = workerCount.get();
      if (c <= (max ? maxWorkers : minWorkers)) {
        return false;
      }
      if (workerCount.compareAndSet(c, c - 1)) {
        return true;
      }
    }
  }

  boolean keepAliveApplies() {
    return workerCount.get() > minWorkers;
  }

  void workerStarted(Worker<T, R> w) {
    if (events != null) {
      events.post(new PoolEvent.WorkerStarted(Instant.now(), w.id));
    }
  }

  void workerExited(Worker<T, R> w, boolean uncounted, PoolEvent.RetireReason why) {
    mainLock.lock();
    try {
      if (!uncounted) {
        workerCount.decrementAndGet();
      }
      workers.remove(w.id);
      workerIds.clear(w.id);
      w.queueWait.addTo(retiredQueueWait);
      w.runTime.addTo(retiredRunTime);
      retiredSuccesses += w.successes();
    } finally {
      mainLock.unlock();
    }
    if (events != null) {
      events.post(new PoolEvent.WorkerRetired(Instant.now(), w.id, why));
    }
    // The last worker leaving while a job waits (or a submitter blocks) must be replaced:
    // they decided not to start one because this worker was still counted.
    if (!finished && workerCount.get() == 0 && (jobs.len() > 0 || blockedSubmitters.get() > 0)) {
      tryAddWorker(null);
    }
    workersAlive.done();
  }

  /**
   * Sets the number of workers to exactly {@code workers}.
   *
   * @see #resize(int, int)
   */
  public void resize(int workers) {
    resize(workers, workers);
  }

  /**
   * Changes the pool's size at run time: workers are started at once up to {@code min} (and up to
   * {@code max} while jobs wait); above {@code max}, idle workers retire at once and busy ones
   * after their current job.
   *
   * @throws IllegalArgumentException if {@code max < 1}, {@code min < 0} or {@code min > max}
   */
  public void resize(int min, int max) {
    WorkerPoolBuilder.checkSize(min, max);
    List<Worker<T, R>> snapshot;
    mainLock.lock();
    try {
      minWorkers = min;
      maxWorkers = max;
      snapshot = new ArrayList<>(workers.values());
    } finally {
      mainLock.unlock();
    }
    while (true) {
      int c = workerCount.get();
      boolean wanted = c < min || (c < max && (jobs.len() > 0 || blockedSubmitters.get() > 0));
      if (!wanted || !tryAddWorker(null)) {
        break;
      }
    }
    if (workerCount.get() > max) {
      for (Worker<T, R> w : snapshot) {
        w.interruptIfIdle();
      }
    }
  }

  // ---------------------------------------------------------------- running jobs

  void attemptStarted(Task<T, R> t, Worker<T, R> w, int attempt, long startNanos) {
    if (events != null) {
      events.post(
          new PoolEvent.JobStarted(
              Instant.now(),
              t.id,
              t.input,
              w.id,
              attempt,
              Duration.ofNanos(startNanos - t.enqueuedNanos)));
    }
  }

  /**
   * Decides what an attempt that just ended means for its task. Called by its worker.
   *
   * <p>An attempt that ends after the pool's context ended (deadline, parent, or a stop, which
   * cancels it) is cancelled whatever it returned: the deadline is a moment, and work that ends
   * after it is not done in time, even if the supervisor has not yet reacted (then this worker
   * starts the stop itself). So the outcome depends on when the job ended, not on scheduling.
   */
  void finishAttempt(
      Task<T, R> t,
      Worker<T, R> w,
      int attempt,
      boolean ran,
      R result,
      Throwable error,
      long runNanos) {
    boolean poolEnded = context.err() != null;
    if (poolEnded && !isStopping()) {
      stop(reasonFromContext());
    }
    while (true) {
      int s = t.state();
      boolean cancelFlag = (s & Task.CANCEL) != 0;
      boolean timedOut = (s & Task.TIMED_OUT) != 0;
      if (cancelFlag || !ran || poolEnded || (error != null && !timedOut && isStopping())) {
        StopReason why = cancelFlag ? t.cancelReason() : stopReason;
        if (t.cas(s, Task.DONE)) {
          complete(
              t, new Outcome.Cancelled<>(t.id, t.input, why, t.invoked, attempt, t.errors()), w);
          return;
        }
        continue;
      }
      if (!timedOut && error == null) {
        if (t.cas(s, Task.DONE)) {
          completeSuccess(t, w, attempt, result, runNanos);
          return;
        }
        continue;
      }
      Throwable cause = timedOut ? new JobTimeoutException(t.id, attempt, jobTimeout) : error;
      boolean isCritical = !timedOut && isCritical(cause);
      t.addError(cause);
      if (!isCritical && !isStopping() && retry.shouldRetry(cause, attempt)) {
        Duration delay = retry.delayAfter(attempt);
        retryWaiting.add(t);
        if (!t.cas(s, Task.word(Task.WAITING, attempt))) {
          retryWaiting.remove(t);
          t.removeLastError();
          continue;
        }
        metrics.retried.increment();
        if (events != null) {
          events.post(
              new PoolEvent.JobRetrying(Instant.now(), t.id, t.input, w.id, attempt, cause, delay));
        }
        scheduleRetry(t, delay);
        if (isStopping()) {
          t.cancel(stopReason);
        }
        return;
      }
      if (!t.cas(s, Task.DONE)) {
        t.removeLastError();
        continue;
      }
      List<Throwable> errs = t.errors();
      // The stop is claimed before the outcome counts the job done: if it was the last job of a
      // shut-down pool, the pool would otherwise finish in complete() with no stop reason. It
      // is carried out after, so the job's own outcome and event come before those it causes.
      StopReason critical =
          isCritical ? new StopReason.CriticalFailure(t.id, t.input, w.id, cause) : null;
      boolean stops = critical != null && claimStop(critical);
      complete(
          t,
          timedOut
              ? new Outcome.TimedOut<>(t.id, t.input, jobTimeout, errs, w.id)
              : new Outcome.Failed<>(t.id, t.input, cause, errs, w.id, isCritical),
          w);
      if (stops) {
        carryOutStop(critical);
      }
      return;
    }
  }

  private boolean isCritical(Throwable e) {
    if (critical == null) {
      return false;
    }
    try {
      return critical.test(e);
    } catch (RuntimeException | Error predicateFailure) {
      e.addSuppressed(predicateFailure);
      return false;
    }
  }

  private void scheduleRetry(Task<T, R> t, Duration delay) {
    if (delay.isZero()) {
      requeue(t, true);
      return;
    }
    Timer timer = Time.afterFunc(delay, () -> requeue(t, false));
    t.retryTimer = timer;
    if (Task.phase(t.state()) == Task.DONE) {
      timer.stop(); // cancelled before the timer was recorded
    }
  }

  /** Puts a task whose retry delay has passed back in the queue; never blocks a worker. */
  private void requeue(Task<T, R> t, boolean onWorker) {
    int s = t.state();
    if (Task.phase(s) != Task.WAITING || !t.cas(s, Task.word(Task.QUEUED, Task.attemptOf(s)))) {
      return; // cancelled while it waited
    }
    retryWaiting.remove(t);
    t.retryTimer = null;
    t.enqueuedNanos = System.nanoTime();
    if (jobs.trySend(t) != SendResult.SENT) {
      if (onWorker) {
        Go.go(() -> sendRetry(t));
        return;
      }
      sendRetry(t);
      return;
    }
    afterEnqueue();
    if (isStopping()) {
      drainQueue(stopReason);
    }
  }

  private void sendRetry(Task<T, R> t) {
    try {
      if (!tryAddWorker(t)) {
        jobs.send(t);
      }
    } catch (ChannelClosedException e) {
      // Only possible once every job has its outcome, so this one was cancelled meanwhile.
      return;
    }
    afterEnqueue();
    if (isStopping()) {
      drainQueue(stopReason);
    }
  }

  /** A queued task or one waiting for its retry was cancelled (by its CAS into DONE). */
  void cancelledWhileIdle(Task<T, R> t, StopReason reason, int attempts, boolean wasQueued) {
    if (wasQueued) {
      deadInQueue.incrementAndGet(); // it stays in jobs until a worker or a drain takes it out
    }
    retryWaiting.remove(t);
    complete(
        t, new Outcome.Cancelled<>(t.id, t.input, reason, t.invoked, attempts, t.errors()), null);
  }

  /**
   * {@link #complete} for a success, without making its {@link Outcome} when nobody needs the object
   * now: no listener or log, and an outcome stream that is absent or took the result straight into
   * {@code results()}. The handle then makes the record if it is ever asked (see {@link
   * Task#publishSuccess}). Same order: metrics, (no events), stream, handle.
   */
  private void completeSuccess(Task<T, R> t, Worker<T, R> w, int attempt, R result, long runNanos) {
    if (events != null) {
      complete(t, new Outcome.Succeeded<>(t.id, t.input, result, attempt, w.id, runNanos), w);
      return;
    }
    w.countSuccess();
    if (stream == null || stream.tryPublishResult(result)) {
      t.publishSuccess(result, attempt, runNanos);
    } else {
      Outcome<T, R> o = new Outcome.Succeeded<>(t.id, t.input, result, attempt, w.id, runNanos);
      stream.publish(o);
      t.publish(o);
    }
    completed.increment(w.id, COMPLETED);
    if (runState != RUNNING) {
      maybeFinish();
    }
  }

  /**
   * Publishes a task's outcome; exactly once per task, right after its CAS into DONE. {@code w} is
   * the worker whose thread this is, or null (a cancel from elsewhere).
   */
  private void complete(Task<T, R> t, Outcome<T, R> o, Worker<T, R> w) {
    int workerId = w == null ? 0 : w.id;
    Instant now = events == null ? null : Instant.now();
    PoolEvent e =
        switch (o) {
          case Outcome.Succeeded<T, R> s -> {
            w.countSuccess(); // only a worker ends a job as a success
            yield now == null
                ? null
                : new PoolEvent.JobSucceeded(
                    now, s.jobId(), s.input(), workerId, s.attempts(), s.runTime(), s.result());
          }
          case Outcome.Failed<T, R> f -> {
            metrics.failed.increment();
            yield now == null
                ? null
                : new PoolEvent.JobFailed(
                    now, f.jobId(), f.input(), workerId, f.attempts(), f.error(), f.critical());
          }
          case Outcome.TimedOut<T, R> x -> {
            metrics.timedOut.increment();
            yield now == null
                ? null
                : new PoolEvent.JobTimedOut(
                    now, x.jobId(), x.input(), workerId, x.attempts(), x.timeout());
          }
          case Outcome.Cancelled<T, R> c -> {
            metrics.cancelled.increment();
            yield now == null
                ? null
                : new PoolEvent.JobCancelled(
                    now, c.jobId(), c.input(), workerId, c.attempts(), c.started(), c.reason());
          }
          case Outcome.Rejected<T, R> r ->
              throw new IllegalStateException("an accepted job cannot be rejected");
        };
    if (e != null) {
      events.post(e);
    }
    if (stream != null) {
      stream.publish(o);
    }
    t.publish(o);
    completed.increment(workerId, COMPLETED);
    if (runState != RUNNING) {
      maybeFinish();
    }
  }

  // ---------------------------------------------------------------- stopping

  boolean isStopping() {
    return stopReason != null;
  }

  StopReason stopReason() {
    return stopReason;
  }

  /** Cancels every job not yet done; the first reason wins. */
  private void stop(StopReason reason) {
    if (claimStop(reason)) {
      carryOutStop(reason);
    }
  }

  /** Records {@code reason} as why the pool stops, if it is the first; {@link #isStopping} then. */
  private boolean claimStop(StopReason reason) {
    return !finished && STOP_REASON.compareAndSet(this, null, reason);
  }

  /** The rest of {@link #stop}, by the thread whose {@link #claimStop} won. */
  private void carryOutStop(StopReason reason) {
    if (finished) {
      return; // nothing was left to stop, and the events are closing
    }
    List<Worker<T, R>> snapshot;
    mainLock.lock();
    try {
      if (runState < STOPPING) {
        runState = STOPPING;
      }
      snapshot = new ArrayList<>(workers.values());
    } finally {
      mainLock.unlock();
    }
    closeSubmissions();
    if (events != null) {
      events.post(new PoolEvent.PoolStopping(Instant.now(), reason));
    }
    if (reason instanceof StopReason.CriticalFailure c) {
      context.cancel(c.error());
    } else {
      context.cancel();
    }
    for (Worker<T, R> w : snapshot) {
      Task<T, R> running = w.current();
      if (running != null) {
        running.cancel(reason);
      }
    }
    drainQueue(reason);
    for (Task<T, R> t : retryWaiting) {
      t.cancel(reason);
    }
    maybeFinish();
  }

  private void drainQueue(StopReason reason) {
    Task<T, R> t;
    while ((t = jobs.tryReceive().valueOrNull()) != null) {
      t.cancel(reason); // counts it in deadInQueue if it was still queued, as any cancel does
      leftQueueCancelled();
    }
  }

  /** A cancelled task was taken out of {@code jobs}: see {@link #deadInQueue}. */
  void leftQueueCancelled() {
    deadInQueue.decrementAndGet();
  }

  private void closeSubmissions() {
    mainLock.lock();
    try {
      if (!noMoreSubmits.isClosed()) {
        noMoreSubmits.close();
      }
    } finally {
      mainLock.unlock();
    }
  }

  /** Closes {@code jobs} once the pool is shut down and every accepted job has its outcome. */
  private void maybeFinish() {
    if (finished || runState == RUNNING || !nothingPending()) {
      return;
    }
    if (stopReason == null && context.err() != null) {
      // The deadline or the parent ended before the supervisor woke: the pool still stopped
      // because of it, and stopped() must say so. stop() comes back here.
      stop(reasonFromContext());
      return;
    }
    mainLock.lock();
    try {
      if (finished || runState == RUNNING || !nothingPending()) {
        return;
      }
      finished = true;
    } finally {
      mainLock.unlock();
    }
    jobs.close();
    Go.go(this::terminate);
  }

  /** True if no job lacks its outcome and no submit is under way; see the class comment. */
  private boolean nothingPending() {
    long w = withdrawn.sum();
    long c = completed.sum(COMPLETED);
    return submits.sum(ENTERED) - w - c == 0;
  }

  private void terminate() {
    Thread.currentThread().setName(name + "-terminator");
    workersAlive.await();
    endNanos = System.nanoTime();
    if (stream != null) {
      stream.close();
    }
    if (events != null) {
      events.post(new PoolEvent.PoolTerminated(Instant.now(), metrics()));
      events.closeAndAwait();
    }
    mainLock.lock();
    try {
      runState = TERMINATED;
    } finally {
      mainLock.unlock();
    }
    context.cancel(); // releases the pool's context: its timer and its link to the parent
    terminated.close();
  }

  /** Watches the deadline and the parent context. */
  private void supervise() {
    Thread.currentThread().setName(name + "-supervisor");
    select(context.done().onReceive(x -> {}), terminated.onReceive(x -> {}));
    if (runState != TERMINATED && !finished && !isStopping()) {
      stop(reasonFromContext());
    }
  }

  private StopReason reasonFromContext() {
    ContextException e = context.err();
    if (e instanceof DeadlineExceededException
        && deadline != null
        && !Instant.now().isBefore(deadline)) {
      return new StopReason.DeadlineExceeded(deadline);
    }
    return new StopReason.ContextEnded(context.cause());
  }

  /**
   * Stops taking jobs; the queued and running ones (and their retries) still run. Returns at once:
   * {@link #awaitTermination()} waits, {@link #close()} does both. Go's {@code close(jobs)}.
   * Idempotent.
   */
  public void shutdown() {
    boolean first;
    mainLock.lock();
    try {
      first = runState == RUNNING;
      if (first) {
        runState = SHUTDOWN;
      }
    } finally {
      mainLock.unlock();
    }
    if (first) {
      closeSubmissions();
      if (events != null) {
        events.post(new PoolEvent.PoolShutdown(Instant.now()));
      }
    }
    maybeFinish();
  }

  /**
   * Stops everything now: takes no more jobs, interrupts and cancels the running ones, and gives
   * every job that has not finished (queued, waiting to retry, running) its {@link
   * Outcome.Cancelled} outcome with reason {@link StopReason.ShutdownNow}. Returns without waiting
   * for running jobs to return; {@link #awaitTermination()} does.
   */
  public void shutdownNow() {
    shutdown();
    stop(new StopReason.ShutdownNow());
  }

  /**
   * {@link #shutdown()}, then waits until the pool has terminated: try-with-resources finishes the
   * work. If the waiting thread is interrupted, calls {@link #shutdownNow()}, keeps waiting, and
   * restores the interrupt status before returning (as {@code ExecutorService.close}).
   *
   * @throws IllegalStateException if called from one of this pool's own jobs, which would wait
   *     for itself forever; such a job may call {@link #shutdown()}, which does not wait
   */
  @Override
  public void close() {
    refuseWaitingFromOwnJob("close");
    shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        awaitTermination();
        break;
      } catch (OperationInterruptedException e) {
        Thread.interrupted();
        if (!interrupted) {
          interrupted = true;
          shutdownNow();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until the pool has terminated: shut down, every job done, every worker ended, the log
   * flushed.
   *
   * @throws OperationInterruptedException if the thread is interrupted while waiting
   * @throws IllegalStateException if called from one of this pool's own jobs (it would wait for
   *     itself forever)
   */
  public void awaitTermination() {
    refuseWaitingFromOwnJob("awaitTermination");
    terminated.receiveOrNull();
  }

  /**
   * A job that waits for its own pool to terminate waits for itself: the pool terminates only
   * once that job has returned. Refused with a message instead of a hang; a walk over the
   * workers, but close and await are called once in a pool's life.
   */
  private void refuseWaitingFromOwnJob(String method) {
    Thread me = Thread.currentThread();
    mainLock.lock();
    try {
      for (Worker<T, R> w : workers.values()) {
        if (w.runsOn(me)) {
          throw new IllegalStateException(
              "WorkerPool."
                  + method
                  + "() called from a job of pool "
                  + name
                  + " (worker "
                  + w.id
                  + ") would wait for that job forever: call shutdown() there, which does not"
                  + " wait, and close or await the pool from outside");
        }
      }
    } finally {
      mainLock.unlock();
    }
  }

  /** Waits at most {@code timeout} for the pool to terminate; true if it did. */
  public boolean awaitTermination(Duration timeout) {
    return terminated.tryReceive(timeout).isClosed();
  }

  /** A channel closed when the pool has terminated, for a {@code select}. */
  public ReceiveChannel<Void> terminated() {
    return terminated.receiveOnly();
  }

  /** True once {@link #shutdown()} (or a stop) was called: no new job is accepted. */
  public boolean isShutdown() {
    return runState != RUNNING || context.err() != null;
  }

  /** True once the pool has terminated. */
  public boolean isTerminated() {
    return runState == TERMINATED;
  }

  /** Why the pool stopped, if it did (shutdownNow, deadline, context, critical error). */
  public Optional<StopReason> stopped() {
    return Optional.ofNullable(stopReason);
  }

  // ---------------------------------------------------------------- outcomes

  /**
   * Every outcome, as a channel: in completion order, or in submission order if the pool was built
   * {@link WorkerPoolBuilder#ordered() ordered}. Outcomes are kept until read, so it does not
   * matter when this is called; the channel is closed after the last outcome once the pool has
   * terminated, so {@code for (var o : pool.outcomes())} ends by itself. Returns the same channel
   * every time.
   *
   * @throws IllegalStateException if {@link #results()} or {@link #errors()} was called (each
   *     outcome goes to one reader), or the pool was built with {@link
   *     WorkerPoolBuilder#discardOutcomes()}
   */
  public ReceiveChannel<Outcome<T, R>> outcomes() {
    return stream().outcomes();
  }

  /**
   * The results of the jobs that succeeded (null results are left out), as a channel that closes
   * after the last one. Other outcomes go to {@link #errors()}, where they are kept until read.
   *
   * @throws IllegalStateException if {@link #outcomes()} was called, or the pool was built with
   *     {@link WorkerPoolBuilder#discardOutcomes()}
   */
  public ReceiveChannel<R> results() {
    return stream().results();
  }

  /**
   * The outcomes of the jobs that did not succeed (failed, timed out, cancelled), as a channel that
   * closes after the last one. Successes go to {@link #results()}.
   *
   * @throws IllegalStateException if {@link #outcomes()} was called, or the pool was built with
   *     {@link WorkerPoolBuilder#discardOutcomes()}
   */
  public ReceiveChannel<Outcome<T, R>> errors() {
    return stream().errors();
  }

  private OutcomeStream<T, R> stream() {
    if (stream == null) {
      throw new IllegalStateException(
          "pool '"
              + name
              + "' was built with discardOutcomes(): read outcomes from the Job handles,"
              + " listeners or the log, or build it without discardOutcomes()");
    }
    return stream;
  }

  // ---------------------------------------------------------------- metrics

  /** A snapshot of the pool's counters, queue, workers, throughput and latencies. */
  public PoolMetrics metrics() {
    LatencyHistogram qw = new LatencyHistogram();
    LatencyHistogram rt = new LatencyHistogram();
    int alive;
    int running = 0;
    long succeeded;
    mainLock.lock();
    try {
      retiredQueueWait.addTo(qw);
      retiredRunTime.addTo(rt);
      succeeded = retiredSuccesses;
      for (Worker<T, R> w : workers.values()) {
        w.queueWait.addTo(qw);
        w.runTime.addTo(rt);
        succeeded += w.successes();
        if (w.busy()) {
          running++;
        }
      }
      alive = workers.size();
    } finally {
      mainLock.unlock();
    }
    long end = endNanos != 0 ? endNanos : System.nanoTime();
    Duration elapsed = Duration.ofNanos(end - startNanos);
    long failed = metrics.failed.sum();
    long cancelled = metrics.cancelled.sum();
    long timedOut = metrics.timedOut.sum();
    double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
    return new PoolMetrics(
        Math.max(0, submits.sum(ENTERED) - withdrawn.sum()),
        metrics.rejected.sum(),
        Math.max(0, jobs.len() - deadInQueue.get()),
        running,
        retryWaiting.size(),
        succeeded,
        failed,
        metrics.retried.sum(),
        cancelled,
        timedOut,
        alive,
        elapsed,
        (succeeded + failed + cancelled + timedOut) / seconds,
        qw.snapshot(),
        rt.snapshot());
  }

  /** The pool's name, used in thread names and messages. */
  public String name() {
    return name;
  }

  /**
   * The pool's context: ends when the pool stops (deadline, parent, critical error, shutdownNow) or
   * terminates. Jobs' contexts derive from it.
   */
  public Context context() {
    return context;
  }

  /** The least number of workers the pool keeps (after {@link #resize}, the new one). */
  public int minWorkers() {
    return minWorkers;
  }

  /** The most workers the pool runs at once. */
  public int maxWorkers() {
    return maxWorkers;
  }

  @Override
  public String toString() {
    String state =
        switch (runState) {
          case RUNNING -> "running";
          case SHUTDOWN -> "shut down";
          case STOPPING -> "stopping";
          default -> "terminated";
        };
    return "WorkerPool["
        + name
        + ", "
        + state
        + ", workers "
        + workerCount.get()
        + " of "
        + minWorkers
        + ".."
        + maxWorkers
        + ", queue "
        + jobs.len()
        + "/"
        + queueCapacity
        + "]";
  }
}

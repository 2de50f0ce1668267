package dev.kanal.pool;

import dev.kanal.OperationInterruptedException;
import dev.kanal.ReceiveResult;
import dev.kanal.Time;
import dev.kanal.Timer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One worker goroutine of a {@link WorkerPool}: seed 000's {@code worker}, a range over the jobs
 * channel, plus what makes it safe to stop, time out and resize.
 *
 * <h2>Loop</h2>
 *
 * <p>Receive a job (blocking, or for at most the keep-alive time while the pool has more than its
 * minimum of workers), run it, repeat; end when the jobs channel is closed (the pool finished),
 * when idle past the keep-alive (above the minimum), or when a resize lowered the maximum (checked
 * after each job, and on an interrupt while idle). The worker count is decremented by CAS before a
 * worker retires, so two idle workers can never both retire below the minimum.
 *
 * <h2>Interrupts that never hit the wrong job</h2>
 *
 * <p>Stopping a job means interrupting the thread that runs it; but the same thread runs the next
 * job a moment later, and an interrupt must never hit the wrong one. No lock is taken per job: the
 * protocol rides on the two CASes of the task's state word that the worker does anyway.
 *
 * <ul>
 *   <li>Whoever interrupts ({@link #interrupt} for a job's cancel or timeout, {@link
 *       #interruptIfIdle} for a resize) first increments {@code interrupting}, then checks (the
 *       task's state is still RUNNING in that attempt, or {@code current} is null), interrupts, and
 *       decrements.
 *   <li>Ending an attempt, the worker CASes the task out of RUNNING (in {@link
 *       WorkerPool#finishAttempt}), clears {@code current}, waits until {@code interrupting} is
 *       zero and clears its interrupt status. An interrupter that saw RUNNING incremented before
 *       that CAS, so the worker waits for it and then clears what it sent; one that comes later
 *       sees the state moved on and does nothing.
 *   <li>Starting an attempt, the worker publishes {@code current} (volatile), CASes the task into
 *       RUNNING, waits for {@code interrupting} to be zero and clears its interrupt status (a
 *       resize may have interrupted it between jobs), and only then reads the task's CANCEL flag
 *       and the pool's stop state. Every canceller sets its flag before it interrupts, so an
 *       interrupt cleared here belongs to a flag the worker now sees (and it does not run the job),
 *       and any later one hits this attempt, as it should.
 * </ul>
 *
 * <p>Both sides write, then read the other's variable through volatile accesses or CASes, so at
 * least one sees the other (the Dekker pattern): a stopper that reads {@code current} as null is
 * seen by the worker's read of the stop state. Guarded by {@code WorkerPoolCancelTest}, {@code
 * WorkerPoolTimeoutTest} (an interrupt meant for one job never reaches the next), {@code
 * WorkerPoolResizeTest} and {@code WorkerPoolStressTest}.
 *
 * <h2>Layout</h2>
 *
 * <p>The fields written on every job ({@code current}, twice, and the success count) sit in {@link
 * WorkerLayout.Hot}, between 128 bytes of padding on each side ({@link WorkerLayout}), so that no
 * other object allocated next to a worker (another worker, its virtual thread) shares their cache
 * line.
 */
final class Worker<T, R> extends WorkerLayout.PadAfter<T, R> {
  private static final VarHandle CURRENT;
  private static final VarHandle INTERRUPTING;
  private static final VarHandle SUCCEEDED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      CURRENT = l.findVarHandle(WorkerLayout.Hot.class, "current", Task.class);
      INTERRUPTING = l.findVarHandle(WorkerLayout.Hot.class, "interrupting", int.class);
      SUCCEEDED = l.findVarHandle(WorkerLayout.Hot.class, "succeeded", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final WorkerPool<T, R> pool;
  final int id;
  final LatencyHistogram queueWait = new LatencyHistogram();
  final LatencyHistogram runTime = new LatencyHistogram();

  private volatile Thread thread;
  private Task<T, R> firstTask;

  /**
   * Reading the clock costs about 15 ns here, and a job costs three readings (queued, started,
   * ended): on no-op jobs that was a fifth of the pool's whole overhead. When a worker takes its
   * next job without waiting, the end of one job is also the start of the next, so it reads the
   * clock once between them: {@code lastEndNanos} is when the previous job ended, and
   * {@code tookAtOnce} says the next job was already waiting. The start so taken is early by
   * the hand-over (a poll, tens of nanoseconds), never earlier than the job's own enqueueing.
   */
  private boolean tookAtOnce;

  private long lastEndNanos;

  /** True once this worker took itself out of the pool's worker count. */
  private boolean uncounted;

  Worker(WorkerPool<T, R> pool, int id, Task<T, R> firstTask) {
    this.pool = pool;
    this.id = id;
    this.firstTask = firstTask;
  }

  void run() {
    thread = Thread.currentThread();
    thread.setName(pool.name + "-worker-" + id);
    PoolEvent.RetireReason why = PoolEvent.RetireReason.POOL_FINISHED;
    try {
      pool.workerStarted(this);
      while (true) {
        Task<T, R> task = firstTask;
        firstTask = null;
        if (task == null) {
          task = next();
          if (task == null) {
            why = uncounted ? retireReason : PoolEvent.RetireReason.POOL_FINISHED;
            break;
          }
        }
        execute(task);
        if (pool.retireIfAboveMax()) {
          uncounted = true;
          why = PoolEvent.RetireReason.RESIZED;
          break;
        }
      }
    } finally {
      pool.workerExited(this, uncounted, why);
    }
  }

  private PoolEvent.RetireReason retireReason = PoolEvent.RetireReason.IDLE;

  /** The next job, or null when this worker should end. */
  private Task<T, R> next() {
    while (true) {
      try {
        if (pool.retireIfAboveMax()) {
          uncounted = true;
          retireReason = PoolEvent.RetireReason.RESIZED;
          return null;
        }
        if (pool.keepAliveApplies()) {
          ReceiveResult<Task<T, R>> r = pool.jobs.tryReceive(pool.keepAlive);
          if (r instanceof ReceiveResult.Value<Task<T, R>> v) {
            return v.value();
          }
          if (r.isClosed()) {
            return null;
          }
          if (pool.retireIfAboveMin()) {
            uncounted = true;
            retireReason = PoolEvent.RetireReason.IDLE;
            return null;
          }
        } else {
          // Lock-free when a job waits; only then may the start reuse the clock (see above).
          if (pool.jobs.tryReceive() instanceof ReceiveResult.Value<Task<T, R>> v) {
            tookAtOnce = true;
            return v.value();
          }
          return pool.jobs.receiveOrNull();
        }
      } catch (OperationInterruptedException e) {
        Thread.interrupted(); // a resize woke us: loop and look at the maximum again
      }
    }
  }

  private void execute(Task<T, R> task) {
    int s = task.state();
    if (Task.phase(s) != Task.QUEUED) {
      pool.leftQueueCancelled();
      return; // cancelled while it sat in the queue: it already has its outcome
    }
    if (pool.isStopping()) {
      task.cancel(pool.stopReason()); // from QUEUED: counted dead in the queue, but taken out
      pool.leftQueueCancelled();
      return;
    }
    int attempt = Task.attemptOf(s) + 1;
    long start =
        tookAtOnce && lastEndNanos != 0
            ? Math.max(lastEndNanos, task.enqueuedNanos)
            : System.nanoTime();
    tookAtOnce = false;
    task.worker = this;
    task.attemptStartNanos = start;
    CURRENT.setVolatile(this, task);
    if (!task.cas(s, Task.word(Task.RUNNING, attempt))) {
      CURRENT.setRelease(this, null);
      pool.leftQueueCancelled();
      return; // lost the race to a cancel, which counted it as dead in the queue
    }
    clearInterrupts(); // one sent by a resize between jobs
    queueWait.record(start - task.enqueuedNanos);

    boolean run = (task.state() & Task.CANCEL) == 0 && !pool.isStopping();
    R result = null;
    Throwable error = null;
    if (run) {
      pool.attemptStarted(task, this, attempt, start);
      Timer timer =
          pool.jobTimeout == null
              ? null
              : Time.afterFunc(pool.jobTimeout, () -> task.timeOut(attempt));
      task.invoked = true;
      try {
        result = pool.function.apply(task.input, task);
      } catch (Throwable e) {
        error = e;
      }
      if (timer != null) {
        timer.stop();
        task.noteContextDeadline(attempt);
      }
    }
    long end = System.nanoTime();
    lastEndNanos = end;
    long runNanos = end - start;
    task.releaseContext();
    if (run) {
      runTime.record(runNanos);
    }
    // Moves the task out of RUNNING: no interrupt for this attempt can start after it. Nothing it
    // does blocks interruptibly, so an interrupt still pending cannot disturb it.
    pool.finishAttempt(task, this, attempt, run, result, error, runNanos);
    CURRENT.setRelease(this, null);
    clearInterrupts(); // those meant for the attempt that just ended
  }

  /** Waits for the interrupters under way (a few instructions each), then clears the status. */
  private void clearInterrupts() {
    while (interrupting != 0) {
      Thread.onSpinWait();
    }
    Thread.interrupted();
  }

  /**
   * Interrupts this worker's thread if, and only if, it is running attempt {@code attempt} of
   * {@code task}.
   */
  void interrupt(Task<T, R> task, int attempt) {
    INTERRUPTING.getAndAdd(this, 1);
    try {
      int s = task.state();
      if (Task.phase(s) == Task.RUNNING
          && Task.attemptOf(s) == attempt
          && CURRENT.getVolatile(this) == task) {
        thread.interrupt();
      }
    } finally {
      INTERRUPTING.getAndAdd(this, -1);
    }
  }

  /**
   * Wakes the worker if it is not running a job, so that it looks at the pool's size again. Between
   * jobs nothing the worker does can be disturbed by an interrupt (only its receive blocks, and it
   * expects this one; the next attempt starts by clearing it). A worker that has just cleared
   * {@code current} waits for this call and reads the new maximum after it.
   */
  void interruptIfIdle() {
    INTERRUPTING.getAndAdd(this, 1);
    try {
      Thread t = thread;
      if (CURRENT.getVolatile(this) == null && t != null) {
        t.interrupt();
      }
    } finally {
      INTERRUPTING.getAndAdd(this, -1);
    }
  }

  /** Counts one success of this worker's; only the worker calls it. */
  void countSuccess() {
    SUCCEEDED.setRelease(this, succeeded + 1);
  }

  /** The successes this worker counted, for a metrics snapshot. */
  long successes() {
    return (long) SUCCEEDED.getAcquire(this);
  }

  /** Whether {@code t} is this worker's thread. */
  boolean runsOn(Thread t) {
    return thread == t;
  }

  /** The task this worker runs now, if any (a volatile read: see {@link WorkerPool#stop}). */
  @SuppressWarnings("unchecked")
  Task<T, R> current() {
    return (Task<T, R>) CURRENT.getVolatile(this);
  }

  /** Whether the worker runs a job now, for a metrics snapshot: a racy but harmless read. */
  boolean busy() {
    return CURRENT.getOpaque(this) != null;
  }

  @Override
  public String toString() {
    return pool.name + "-worker-" + id;
  }
}


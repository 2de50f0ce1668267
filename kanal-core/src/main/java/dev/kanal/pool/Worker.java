package dev.kanal.pool;

import dev.kanal.OperationInterruptedException;
import dev.kanal.ReceiveResult;
import dev.kanal.Time;
import dev.kanal.Timer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

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
 * <h2>The interrupt gate</h2>
 *
 * <p>Stopping a job means interrupting the thread that runs it; but the same thread runs the next
 * job a moment later, and an interrupt must never hit the wrong one. So {@code current} and {@code
 * currentAttempt} change only under {@code gate}, and {@link #interrupt} interrupts only under
 * {@code gate} and only if the thread still runs exactly that attempt. When an attempt ends, the
 * worker clears {@code current} and then the interrupt status, both under the gate: any interrupt
 * meant for the attempt came before, and is cleared; none can come after. When an attempt starts
 * the worker clears the status again under the gate (an interrupt from {@link #interruptIfIdle},
 * sent between jobs, may be pending) and only then publishes {@code current}. It then re-reads the
 * job's CANCEL flag and the pool's stop state: a canceller writes its flag before taking the gate,
 * so either it saw {@code current} and interrupted, or the worker sees its flag. Guarded by {@code
 * WorkerPoolCancelTest}, {@code WorkerPoolTimeoutTest}, {@code WorkerPoolResizeTest} and {@code
 * WorkerPoolStressTest}.
 */
final class Worker<T, R> {
  private static final VarHandle CURRENT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      CURRENT = l.findVarHandle(Worker.class, "current", Task.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final WorkerPool<T, R> pool;
  final int id;
  final LatencyHistogram queueWait = new LatencyHistogram();
  final LatencyHistogram runTime = new LatencyHistogram();

  private final ReentrantLock gate = new ReentrantLock();
  private Task<T, R> current; // guarded by gate (metrics read it racily, opaque)
  private int currentAttempt; // guarded by gate
  private volatile Thread thread;
  private Task<T, R> firstTask;

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
      return; // cancelled while it sat in the queue: it already has its outcome
    }
    if (pool.isStopping()) {
      task.cancel(pool.stopReason());
      return;
    }
    int attempt = Task.attemptOf(s) + 1;
    long start = System.nanoTime();
    task.worker = this;
    task.attemptStartNanos = start;
    if (!task.cas(s, Task.word(Task.RUNNING, attempt))) {
      return; // lost the race to a cancel
    }
    gate.lock();
    try {
      Thread.interrupted();
      current = task;
      currentAttempt = attempt;
    } finally {
      gate.unlock();
    }
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
    long runNanos = System.nanoTime() - start;
    gate.lock();
    try {
      current = null;
      Thread.interrupted();
    } finally {
      gate.unlock();
    }
    task.releaseContext();
    if (run) {
      runTime.record(runNanos);
    }
    pool.finishAttempt(task, this, attempt, run, result, error, runNanos);
  }

  /**
   * Interrupts this worker's thread if, and only if, it is running attempt {@code attempt} of
   * {@code task}.
   */
  void interrupt(Task<T, R> task, int attempt) {
    gate.lock();
    try {
      if (current == task && currentAttempt == attempt) {
        thread.interrupt();
      }
    } finally {
      gate.unlock();
    }
  }

  /**
   * Wakes the worker if it is not running a job, so that it looks at the pool's size again. Between
   * jobs nothing the worker does can be disturbed by an interrupt (only its receive blocks, and it
   * expects this one; the next attempt starts by clearing it). If the gate is busy the worker is
   * starting or ending an attempt, and reads the new maximum right after.
   */
  void interruptIfIdle() {
    if (gate.tryLock()) {
      try {
        Thread t = thread;
        if (current == null && t != null) {
          t.interrupt();
        }
      } finally {
        gate.unlock();
      }
    }
  }

  /** The task this worker runs now, if any; under the gate (see {@link WorkerPool#stop}). */
  Task<T, R> current() {
    gate.lock();
    try {
      return current;
    } finally {
      gate.unlock();
    }
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

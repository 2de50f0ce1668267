package dev.kanal.pattern;

import dev.kanal.ChannelClosedException;
import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.Go;
import dev.kanal.WaitGroup;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Seed 004's work pool: a fixed number of goroutines run the tasks submitted to it; a
 * submission returns only once a goroutine has taken the task, so when {@link #run} returns
 * the caller knows the task is being handled; {@link #shutdown()} waits for every running task.
 *
 * <pre>{@code
 * WorkPool p = new WorkPool(2);
 * p.run(() -> System.out.println(name));   // blocks until one of the 2 goroutines took it
 * p.shutdown();                             // waits for the tasks in progress
 * }</pre>
 *
 * <h2>Implementation</h2>
 *
 * <p>The seed's: an unbuffered channel of tasks and {@code maxGoroutines} goroutines ranging
 * over it. An unbuffered send completes only when a receiver takes the value, which is the
 * hand-off guarantee. Shutdown closes the channel, so each goroutine's range ends after its
 * current task, and waits on a WaitGroup for all of them: once shutdown returns, no goroutine
 * of the pool is left. A submission blocked when shutdown closes the channel fails with
 * {@link IllegalStateException} (Go would panic: send on a closed channel). A task that throws
 * is reported to the error handler and the goroutine goes on with the next task, so a failing
 * task never shrinks the pool; nor does one that leaves its thread's interrupt status set, which
 * the goroutine clears before it takes the next task. Guarded by {@code WorkPoolTest}.
 */
public final class WorkPool implements AutoCloseable {
  private final Channel<Runnable> work = Channel.unbuffered();
  private final WaitGroup wg = new WaitGroup();
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final Consumer<? super Throwable> onError;

  /** A pool of {@code maxGoroutines} goroutines; task failures are printed to standard error. */
  public WorkPool(int maxGoroutines) {
    this(
        maxGoroutines,
        e -> {
          synchronized (System.err) {
            System.err.println("WorkPool: a task failed: " + e);
            e.printStackTrace(System.err);
          }
        });
  }

  /** A pool of {@code maxGoroutines} goroutines that passes task failures to {@code onError}. */
  public WorkPool(int maxGoroutines, Consumer<? super Throwable> onError) {
    if (maxGoroutines < 1) {
      throw new IllegalArgumentException(
          "WorkPool: maxGoroutines must be at least 1, got " + maxGoroutines);
    }
    this.onError = Objects.requireNonNull(onError, "onError");
    wg.add(maxGoroutines);
    for (int i = 0; i < maxGoroutines; i++) {
      Go.go(this::worker);
    }
  }

  private void worker() {
    try {
      for (Runnable task : work) {
        try {
          task.run();
        } catch (Throwable e) {
          onError.accept(e);
        }
        // A task that restored its interrupt status (as one that catches InterruptedException
        // should) leaves it set on this goroutine: it was meant for that task, and kept, it would
        // end the goroutine's next receive and shrink the pool. Nobody interrupts the pool's
        // goroutines themselves (shutdown closes the channel).
        Thread.interrupted();
      }
    } finally {
      wg.done();
    }
  }

  /**
   * Submits {@code task} and blocks until a goroutine of the pool has taken it: the seed's
   * {@code Run}.
   *
   * @throws IllegalStateException if the pool is shut down (or shuts down while waiting)
   * @throws dev.kanal.OperationInterruptedException if interrupted while waiting
   */
  public void run(Runnable task) {
    Objects.requireNonNull(task, "task");
    try {
      work.send(task);
    } catch (ChannelClosedException e) {
      throw shutDown();
    }
  }

  /**
   * Like {@link #run(Runnable)}, but gives up when {@code ctx} ends before a goroutine took the
   * task.
   *
   * @throws dev.kanal.ContextException ({@code ctx.err()}) if the context ends first
   */
  public void run(Runnable task, Context ctx) {
    Objects.requireNonNull(task, "task");
    try {
      work.send(task, ctx);
    } catch (ChannelClosedException e) {
      throw shutDown();
    }
  }

  /**
   * Stops taking tasks and waits until every goroutine of the pool has finished its current
   * task and ended: the seed's {@code Shutdown}. Idempotent; every call waits.
   *
   * @throws dev.kanal.OperationInterruptedException if interrupted while waiting
   */
  public void shutdown() {
    if (shutdown.compareAndSet(false, true)) {
      work.close();
    }
    wg.await();
  }

  /** Same as {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  private static IllegalStateException shutDown() {
    return new IllegalStateException("WorkPool.run: the pool is shut down; submit before shutdown()");
  }

  @Override
  public String toString() {
    return "WorkPool[goroutines=" + wg.count() + (shutdown.get() ? ", shut down]" : "]");
  }
}

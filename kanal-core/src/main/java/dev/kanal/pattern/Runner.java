package dev.kanal.pattern;

import static dev.kanal.Select.select;

import dev.kanal.CancellableContext;
import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.Go;
import dev.kanal.ReceiveChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Seed 004's Runner: runs tasks in order, in one goroutine, under an overall timeout, and
 * stops between two tasks when it is interrupted (the seed's Ctrl-C). The two failures are
 * distinct: {@link TimeoutException} and {@link InterruptException}.
 *
 * <pre>{@code
 * Runner r = new Runner(Duration.ofSeconds(3));
 * Signal.handle(new Signal("INT"), sig -> r.interrupt());   // the seed's signal.Notify
 * r.add(createTask(), createTask(), createTask());
 * Runner.Failure err = r.start();
 * if (err != null) {
 *     switch (err) {
 *         case Runner.TimeoutException e -> System.exit(1);
 *         case Runner.InterruptException e -> System.exit(2);
 *     }
 * }
 * }</pre>
 *
 * <h2>Implementation</h2>
 *
 * <p>The seed's three channels. {@code interrupt} has room for one signal, so repeated
 * interrupts collapse into one ({@link #interrupt()} never blocks); a caller may instead give
 * its own channel. The task goroutine checks it with a non-blocking receive before each task,
 * so an interrupt takes effect between tasks. {@code complete} carries what the task goroutine
 * ended with; it is buffered so that goroutine never blocks on it, even after {@link #start()}
 * has given up. The timeout is a context with a deadline, made when {@code start} is called
 * (the seed starts the clock in {@code New}; in the seed's program the two are back to back).
 *
 * <p>Two fixes over the seed. After a timeout the seed's task goroutine runs every remaining
 * task and then blocks forever on {@code complete}; here {@link #context()} ends on timeout or
 * interrupt, the goroutine stops before the next task, and tasks that take long may watch the
 * context. And when the last task finishes exactly as the time runs out, the seed's select
 * picks either outcome; here work that completed at or after the deadline is a timeout, so the
 * outcome is the same on every run (the seed's demo, 0+1+2 s of tasks in 3 s, always times
 * out, as its text says). Guarded by {@code RunnerTest}.
 */
public final class Runner {

  /** A task: the seed's {@code func(int)}, given its index. */
  @FunctionalInterface
  public interface Task {
    void run(int id) throws Exception;
  }

  private static final Object DONE = new Object();

  private final Duration timeout;
  private final Channel<Object> ownInterrupt;
  private final ReceiveChannel<?> interrupt;
  private final Channel<Object> complete = Channel.buffered(1);
  private final List<Task> tasks = new ArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CancellableContext ctx;

  /** A runner that times out after {@code timeout}; interrupt it with {@link #interrupt()}. */
  public Runner(Duration timeout) {
    this(timeout, null);
  }

  /**
   * A runner that times out after {@code timeout} and is interrupted by anything received on
   * {@code interrupt} (or by its closing), which the caller feeds, as the seed's
   * {@code signal.Notify} feeds its channel.
   */
  public Runner(Duration timeout, ReceiveChannel<?> interrupt) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Runner: the timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
    this.ownInterrupt = interrupt == null ? Channel.buffered(1) : null;
    this.interrupt = interrupt == null ? ownInterrupt : interrupt;
    this.ctx = Context.withCancel(Context.background());
  }

  /** Attaches tasks; they run in the order added, each given its index. */
  public void add(Task... more) {
    if (started.get()) {
      throw new IllegalStateException("Runner.add: the runner has already started; add tasks before start()");
    }
    for (Task t : more) {
      tasks.add(Objects.requireNonNull(t, "task"));
    }
  }

  /**
   * Asks the runner to stop before its next task: what the seed's OS interrupt does. Never
   * blocks; repeated calls count as one. Only for a runner that has no caller-fed channel. It
   * also ends {@link #context()} at once, so that a long task that watches it stops early, and
   * the run then ends with an {@link InterruptException}.
   */
  public void interrupt() {
    if (ownInterrupt == null) {
      throw new IllegalStateException(
          "Runner.interrupt: this runner listens to the interrupt channel given to its constructor; send on that");
    }
    ownInterrupt.trySend(Boolean.TRUE); // first: the task goroutine reads it once ctx has ended
    ctx.cancel();
  }

  /**
   * A context that ends when the run ends: on timeout, on {@link #interrupt()}, or when every task
   * has run (a caller-fed interrupt channel is read between tasks only). Long tasks may watch it
   * to stop early.
   */
  public Context context() {
    return ctx;
  }

  /**
   * Runs every task in order and waits for them, at most the timeout.
   *
   * @return null when every task ran in time; a {@link TimeoutException} when time ran out; an
   *     {@link InterruptException} when the runner was interrupted between tasks
   * @throws TaskFailedException if a task threw (the cause), which stops the run
   * @throws IllegalStateException if called twice: a runner runs once
   */
  public Failure start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("Runner.start: a runner runs once; make a new Runner");
    }
    long begin = System.nanoTime();
    // Not a child of ctx: interrupt() ends ctx, and that is not a timeout; start() then waits for
    // the task goroutine, which returns the interrupt once the current task ends.
    try (CancellableContext deadline = Context.withTimeout(Context.background(), timeout)) {
      List<Task> toRun = List.copyOf(tasks);
      Go.go(() -> complete.send(run(toRun)));

      Object outcome =
          select(
              complete.onReceiveApply(r -> r),
              deadline.done().onReceiveApply(x -> null));
      if (outcome == null || outcome == DONE && System.nanoTime() - begin >= timeout.toNanos()) {
        return new TimeoutException();
      }
      if (outcome instanceof InterruptException e) {
        return e;
      }
      if (outcome instanceof TaskFailedException e) {
        throw e;
      }
      return null;
    } finally {
      ctx.cancel();
    }
  }

  /** The task goroutine: every task in order, checking for an interrupt before each. */
  private Object run(List<Task> toRun) {
    for (int id = 0; id < toRun.size(); id++) {
      if (gotInterrupt()) {
        return new InterruptException();
      }
      if (ctx.isDone()) {
        return DONE; // start() has already returned (timeout): stop between tasks
      }
      try {
        toRun.get(id).run(id);
      } catch (Throwable e) {
        return new TaskFailedException(id, e);
      }
    }
    // interrupt() ends the context, which the last task may have obeyed: an interrupt, not success.
    return ownInterrupt != null && gotInterrupt() ? new InterruptException() : DONE;
  }

  /** The seed's gotInterrupt: a non-blocking check; a closed channel counts as an interrupt. */
  private boolean gotInterrupt() {
    return !(interrupt.tryReceive() instanceof dev.kanal.ReceiveResult.WouldBlock<?>);
  }

  /** Why {@link #start()} stopped early: exactly one of two reasons. */
  public abstract static sealed class Failure extends RuntimeException
      permits TimeoutException, InterruptException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** The time ran out: the seed's {@code ErrTimeout}. */
  public static final class TimeoutException extends Failure {
    private static final long serialVersionUID = 1L;

    TimeoutException() {
      super("received timeout");
    }
  }

  /** The runner was interrupted: the seed's {@code ErrInterrupt}. */
  public static final class InterruptException extends Failure {
    private static final long serialVersionUID = 1L;

    InterruptException() {
      super("received interrupt");
    }
  }

  /** A task threw: the run stops there. The cause is the task's exception, with its stack. */
  public static final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int taskId;

    TaskFailedException(int taskId, Throwable cause) {
      super("Runner task #" + taskId + " failed: " + cause, cause);
      this.taskId = taskId;
    }

    /** The index of the task that threw. */
    public int taskId() {
      return taskId;
    }
  }
}

package dev.kanal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Go's {@code errgroup.Group} ({@code golang.org/x/sync/errgroup}): goroutines working on
 * subtasks of one task, where the first failure is the group's error and, for a group made by
 * {@link #withContext}, cancels the group's context so the others stop.
 *
 * <pre>{@code
 * ErrGroup g = ErrGroup.withContext(ctx);
 * for (String url : urls) {
 *     g.go(() -> fetch(g.context(), url));     // may throw: the first exception wins
 * }
 * Throwable err = g.await();                    // Go's: if err := g.Wait(); err != nil
 * if (err != null) { ... }
 * }</pre>
 *
 * <h2>Implementation</h2>
 *
 * <p>As in Go, three parts and no lock of its own. A {@link WaitGroup} counts the running
 * tasks; {@link #await()} waits on it. The first error is kept by one compare-and-set on an
 * {@link AtomicReference}, so exactly one failure wins however many tasks fail at once; the
 * winner, and only it, cancels the group's context with itself as the cause, before its
 * task counts as done, so every task still running sees the context end. The limit is Go's
 * semaphore made of a channel: {@code go} sends a token into a channel of capacity
 * {@code limit} before starting the task (blocking while {@code limit} tasks run),
 * {@code tryGo} does a non-blocking send, and a finishing task receives a token back.
 *
 * <p>Happens-before: a task's actions happen-before the {@code await} that returns after it
 * (through the WaitGroup), so the error read there is the final one. {@link #await()} also
 * cancels the group's context once everything is done, as Go's {@code Wait} does, which frees
 * the context's link to its parent.
 *
 * <p>A task's exception is wrapped in a {@link TaskException} that names the goroutine and
 * where the task was started (its stack trace is that place) with the task's own exception,
 * and so its stack, as the cause. Guarded by {@code ErrGroupTest} and
 * {@code ErrGroupStressTest}.
 */
public final class ErrGroup {

  /** A subtask: Go's {@code func() error}, where an exception is the error. */
  @FunctionalInterface
  public interface Task {
    void run() throws Exception;
  }

  private static final boolean CAPTURE_ORIGIN =
      !"false".equalsIgnoreCase(System.getProperty("kanal.goroutine.origin", "true"));
  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final Object TOKEN = Boolean.TRUE;

  private final Context context;
  /** Null for a group without a context of its own. */
  private final CancellableContext cancel;

  private final WaitGroup wg = new WaitGroup();
  private final AtomicReference<TaskException> firstError = new AtomicReference<>();
  /** Go's {@code sem chan token}; null when there is no limit. */
  private volatile Channel<Object> sem;

  /** A group with no limit and no context of its own: Go's zero {@code errgroup.Group}. */
  public ErrGroup() {
    this.context = Context.background();
    this.cancel = null;
  }

  private ErrGroup(CancellableContext ctx) {
    this.context = ctx;
    this.cancel = ctx;
  }

  /**
   * A group whose {@link #context()} is derived from {@code parent} and is cancelled the first
   * time a task fails or the first time {@link #await()} returns, whichever comes first: Go's
   * {@code errgroup.WithContext}.
   */
  public static ErrGroup withContext(Context parent) {
    return new ErrGroup(Context.withCancel(Objects.requireNonNull(parent, "parent")));
  }

  /**
   * The group's context, for the tasks to watch: the one made by {@link #withContext}, or
   * {@link Context#background()} for a group made with {@code new ErrGroup()}.
   */
  public Context context() {
    return context;
  }

  /**
   * Runs {@code task} in a new goroutine. With a {@linkplain #setLimit limit}, blocks until
   * fewer than that many tasks of this group are running. The first task to throw sets the
   * group's error and cancels its context.
   *
   * @throws OperationInterruptedException if interrupted while waiting for room under the limit
   */
  public void go(Task task) {
    Objects.requireNonNull(task, "task");
    StackTraceElement origin = origin();
    Channel<Object> s = sem;
    if (s != null) {
      s.send(TOKEN);
    }
    start(task, origin, s);
  }

  /**
   * Runs {@code task} in a new goroutine only if that is possible without going over the
   * {@linkplain #setLimit limit}: Go's {@code TryGo}.
   *
   * @return whether the task was started
   */
  public boolean tryGo(Task task) {
    Objects.requireNonNull(task, "task");
    Channel<Object> s = sem;
    if (s != null && s.trySend(TOKEN) != SendResult.SENT) {
      return false;
    }
    start(task, origin(), s);
    return true;
  }

  /**
   * At most {@code n} tasks of this group run at once; a negative {@code n} means no limit
   * (the default) and zero lets no new task start, as in Go.
   *
   * @throws IllegalStateException if tasks are running: the limit can only change while the
   *     group is idle
   */
  public void setLimit(int n) {
    if (wg.count() != 0) {
      throw new IllegalStateException(
          "ErrGroup.setLimit: cannot change the limit while "
              + wg.count()
              + " tasks of the group are still running; set it before the first go()");
    }
    sem = n < 0 ? null : Channel.buffered(n);
  }

  /**
   * Waits until every task has finished, cancels the group's context, and returns the first
   * error, or {@code null} if no task failed: Go's {@code Wait}.
   *
   * @throws OperationInterruptedException if the thread is interrupted while waiting
   */
  public TaskException await() {
    wg.await();
    TaskException e = firstError.get();
    if (cancel != null) {
      if (e != null) {
        cancel.cancel(e);
      } else {
        cancel.cancel();
      }
    }
    return e;
  }

  private void start(Task task, StackTraceElement origin, Channel<Object> s) {
    wg.add(1);
    try {
      Go.go(() -> runTask(task, origin, s));
    } catch (RuntimeException | Error e) {
      finish(s);
      throw e;
    }
  }

  private void runTask(Task task, StackTraceElement origin, Channel<Object> s) {
    try {
      task.run();
    } catch (Throwable failure) {
      TaskException e = new TaskException(Thread.currentThread().getName(), origin, failure);
      if (firstError.compareAndSet(null, e) && cancel != null) {
        cancel.cancel(e);
      }
    } finally {
      finish(s);
    }
  }

  private void finish(Channel<Object> s) {
    if (s != null) {
      s.receive();
    }
    wg.done();
  }

  /** Where go/tryGo was called: the first frame outside this class. */
  private static StackTraceElement origin() {
    if (!CAPTURE_ORIGIN) {
      return null;
    }
    return WALKER.walk(
        frames ->
            frames
                .filter(f -> !f.getClassName().equals(ErrGroup.class.getName()))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
  }

  @Override
  public String toString() {
    return "ErrGroup[running=" + wg.count() + (firstError.get() == null ? "" : ", failed") + "]";
  }

  /**
   * A task of an {@link ErrGroup} failed: the group's error. The cause is what the task threw
   * (with the task's stack); the message, {@link #goroutine()} and {@link #origin()} say which
   * goroutine ran it and where {@code go} was called.
   */
  public static final class TaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String goroutine;
    private final String origin;

    TaskException(String goroutine, StackTraceElement origin, Throwable cause) {
      super(
          "task in "
              + goroutine
              + (origin == null ? "" : " (started at " + origin + ")")
              + " failed: "
              + cause,
          cause);
      this.goroutine = goroutine;
      this.origin = origin == null ? null : origin.toString();
      if (origin != null) {
        // Printed, it reads "at <where go was called>", then "Caused by:" the task's stack.
        setStackTrace(new StackTraceElement[] {origin});
      }
    }

    /** The goroutine that ran the task, such as {@code goroutine-12}. */
    public String goroutine() {
      return goroutine;
    }

    /**
     * Where {@code go(...)} or {@code tryGo(...)} was called, as
     * {@code Class.method(File.java:line)}; null when origin capture is off
     * ({@code -Dkanal.goroutine.origin=false}).
     */
    public String origin() {
      return origin;
    }
  }
}

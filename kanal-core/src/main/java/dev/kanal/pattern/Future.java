package dev.kanal.pattern;

import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.Go;
import dev.kanal.ReceiveChannel;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Seed 004's future: a value computed in a goroutine now and received later, so the call and
 * the use of its result are decoupled.
 *
 * <pre>{@code
 * Future<String> q = Future.go(() -> "get " + sql);
 * ...                                   // other work meanwhile
 * System.out.println(q.get());          // blocks until the value is there
 * select(q.done().onReceive(x -> ...), timeout(...));
 * }</pre>
 *
 * <h2>Implementation</h2>
 *
 * <p>The goroutine stores the outcome (value or exception) in volatile fields and then closes
 * the {@code done} channel. A close is a broadcast: every reader, now or later, sees it, so the
 * value can be read any number of times by any number of goroutines, and the store
 * happens-before the close, which happens-before every receive that sees it. The goroutine
 * never blocks on its reader (unlike the seed's send on a result channel), so it ends as soon
 * as the computation does, whether or not anyone ever reads the result: no leak. Guarded by
 * {@code FutureTest}.
 *
 * @param <T> the value's type ({@code null} is a valid value here: it never travels on a channel)
 */
public final class Future<T> {
  private final Channel<Void> done = Channel.unbuffered();
  private volatile T value;
  private volatile Throwable failure;

  private Future() {}

  /** Starts computing {@code fn} in a new goroutine and returns at once. */
  public static <T> Future<T> go(Callable<? extends T> fn) {
    Objects.requireNonNull(fn, "fn");
    Future<T> f = new Future<>();
    Go.go(
        () -> {
          try {
            f.value = fn.call();
          } catch (Throwable e) {
            f.failure = e;
          } finally {
            f.done.close();
          }
        });
    return f;
  }

  /**
   * Waits for the value and returns it.
   *
   * @throws FailedException if the computation threw (the cause)
   * @throws dev.kanal.OperationInterruptedException if the thread is interrupted while waiting
   */
  public T get() {
    done.receiveOrNull();
    return outcome();
  }

  /**
   * Waits for the value, giving up when {@code ctx} ends first.
   *
   * @throws dev.kanal.ContextException ({@code ctx.err()}) if the context ends first
   * @throws FailedException if the computation threw
   */
  public T get(Context ctx) {
    done.receiveOrNull(ctx);
    return outcome();
  }

  /** A channel closed once the value (or the failure) is there: use it in a select. */
  public ReceiveChannel<Void> done() {
    return done.receiveOnly();
  }

  /** True once the value (or the failure) is there. */
  public boolean isDone() {
    return done.isClosed();
  }

  private T outcome() {
    Throwable e = failure;
    if (e != null) {
      throw new FailedException(e);
    }
    return value;
  }

  @Override
  public String toString() {
    return "Future[" + (!isDone() ? "pending" : failure != null ? "failed: " + failure : value) + "]";
  }

  /** The future's computation threw; the cause is what it threw, with its stack. */
  public static final class FailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FailedException(Throwable cause) {
      super("the future's computation failed: " + cause, cause);
    }
  }
}

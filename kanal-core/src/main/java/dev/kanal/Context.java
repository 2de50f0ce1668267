package dev.kanal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values
 * that travel down a tree of goroutines.
 *
 * <pre>{@code
 * try (var ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1))) {
 *     go(() -> worker(ctx, jobs, results));
 *     ...
 *     select(
 *         ctx.done().onReceive(x -> { return; }),
 *         jobs.onReceive(p -> process(p)));
 * }
 * }</pre>
 *
 * <p>Rules, as in Go: {@link #done()} is a channel that is closed when the context ends and is
 * usable in a {@link Select} like any other; {@link #err()} is {@code null} while the context is
 * live and then says why it ended ({@link ContextCancelledException} or
 * {@link DeadlineExceededException}); cancelling a context cancels every context derived from
 * it, never its parent; releasing a context ({@link CancellableContext#cancel()} or
 * {@code close()}) frees its timer and its link to the parent.
 *
 * <p>Channel operations that take a context ({@link SendChannel#send(Object, Context)},
 * {@link ReceiveChannel#receive(Context)}, {@link ReceiveChannel#receiveOrNull(Context)})
 * leave promptly, with the context's exception, when it ends first.
 */
public sealed interface Context permits Background, CancellableContext, ValueCtx {

  /** The root context: never cancelled, no deadline, no values. Go's {@code context.Background()}. */
  static Context background() {
    return Background.INSTANCE;
  }

  /** A child of {@code parent} that ends when cancelled or when the parent ends. */
  static CancellableContext withCancel(Context parent) {
    return new CancelCtx(Objects.requireNonNull(parent, "parent"), null);
  }

  /**
   * A child of {@code parent} that also ends, with a deadline exceeded, after {@code timeout}. A
   * timeout that reaches past {@link Instant#MAX} (a "forever" such as {@code
   * Duration.ofSeconds(Long.MAX_VALUE)}) is a deadline at {@code Instant.MAX}.
   */
  static CancellableContext withTimeout(Context parent, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    Instant deadline;
    try {
      deadline = Instant.now().plus(timeout);
    } catch (java.time.DateTimeException | ArithmeticException pastTheEndOfTime) {
      deadline = timeout.isNegative() ? Instant.MIN : Instant.MAX;
    }
    return withDeadline(parent, deadline);
  }

  /**
   * A child of {@code parent} that also ends, with a deadline exceeded, at {@code deadline}. If
   * the parent's deadline is earlier, the child simply inherits it, as in Go.
   */
  static CancellableContext withDeadline(Context parent, Instant deadline) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(deadline, "deadline");
    Optional<Instant> inherited = parent.deadline();
    if (inherited.isPresent() && !inherited.get().isAfter(deadline)) {
      return new CancelCtx(parent, null);
    }
    return new CancelCtx(parent, deadline);
  }

  /**
   * A child of {@code parent} that carries {@code value} under {@code key}; it ends exactly when
   * the parent does. Go's {@code context.WithValue}, with typed keys.
   */
  static <T> Context withValue(Context parent, Key<T> key, T value) {
    return new ValueCtx(
        Objects.requireNonNull(parent, "parent"),
        Objects.requireNonNull(key, "key"),
        Objects.requireNonNull(value, "value"));
  }

  /**
   * A channel closed when this context ends; it never carries a value. Use it in a select:
   * {@code ctx.done().onReceive(x -> ...)}. The background context's channel is never closed.
   */
  ReceiveChannel<Void> done();

  /** Null while the context is live; then why it ended (the same instance every time). */
  ContextException err();

  /**
   * Why the context ended, most specifically: the cause given to {@code cancel(cause)} if
   * there was one, else {@link #err()}; null while live. Go's {@code context.Cause}.
   */
  default Throwable cause() {
    ContextException e = err();
    return e == null ? null : e.getCause() != null ? e.getCause() : e;
  }

  /** When the context will end by itself, if ever. */
  Optional<Instant> deadline();

  /** The value for {@code key} on this context or its nearest ancestor that has one, or null. */
  <T> T value(Key<T> key);

  /** True once the context has ended. */
  default boolean isDone() {
    return err() != null;
  }

  /**
   * Throws {@link #err()} if the context has ended: a cheap check for loops that do work
   * between channel operations.
   */
  default void throwIfDone() {
    ContextException e = err();
    if (e != null) {
      throw e;
    }
  }

  /**
   * A typed key for {@link #withValue}: keys compare by identity, so two libraries can never
   * clash by choosing the same name.
   */
  final class Key<T> {
    private final String name;

    private Key(String name) {
      this.name = name;
    }

    /** A new key; the name is only for {@code toString}. */
    public static <T> Key<T> of(String name) {
      return new Key<>(Objects.requireNonNull(name, "name"));
    }

    @Override
    public String toString() {
      return "Key[" + name + "]";
    }
  }
}

package dev.kanal;

/**
 * A {@link Context} together with its cancel function: what Go's {@code WithCancel},
 * {@code WithTimeout} and {@code WithDeadline} return as {@code ctx, cancel}.
 *
 * <p>{@link #close()} cancels, so try-with-resources is Go's {@code defer cancel()}: it releases
 * the context's timer and its link to the parent as soon as the work is done.
 *
 * <pre>{@code
 * try (var ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1))) {
 *     ...
 * }
 * }</pre>
 */
public sealed interface CancellableContext extends Context, AutoCloseable permits CancelCtx {

  /**
   * Cancels this context and every context derived from it: {@link #done()} closes and
   * {@link #err()} becomes a {@link ContextCancelledException}. Idempotent, safe from any
   * thread; after the first call, later calls do nothing.
   */
  void cancel();

  /** {@link #cancel()} with a cause that {@link #cause()} and the exception's cause report. */
  void cancel(Throwable cause);

  /** Same as {@link #cancel()}. */
  @Override
  void close();
}

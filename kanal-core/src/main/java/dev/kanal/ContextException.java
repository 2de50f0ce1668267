package dev.kanal;

/**
 * Why a {@link Context} ended: one of exactly two reasons, {@link ContextCancelledException}
 * or {@link DeadlineExceededException} (Go's {@code context.Canceled} and
 * {@code context.DeadlineExceeded}). {@link Context#err()} returns one; operations that take a
 * context throw it when the context ends first.
 *
 * <p>Like Go's error values these are shared per context: one instance is made when the
 * context ends, without a stack trace and immutable, so it can be returned and thrown as often
 * as needed. The {@linkplain #getCause() cause} is what was given to
 * {@link CancellableContext#cancel(Throwable)}, if anything (Go's {@code context.Cause}).
 */
public abstract sealed class ContextException extends RuntimeException
    permits ContextCancelledException, DeadlineExceededException {
  private static final long serialVersionUID = 1L;

  ContextException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}

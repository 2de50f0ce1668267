package dev.kanal;

/** The context's deadline passed: Go's {@code context.DeadlineExceeded}. */
public final class DeadlineExceededException extends ContextException {
  private static final long serialVersionUID = 1L;

  DeadlineExceededException(Throwable cause) {
    super("context deadline exceeded", cause);
  }
}

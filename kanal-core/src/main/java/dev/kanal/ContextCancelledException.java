package dev.kanal;

/** The context was cancelled: Go's {@code context.Canceled}. */
public final class ContextCancelledException extends ContextException {
  private static final long serialVersionUID = 1L;

  ContextCancelledException(Throwable cause) {
    super(cause == null ? "context cancelled" : "context cancelled: " + cause, cause);
  }
}

package dev.kanal;

/**
 * Thrown when the thread blocked in a Kanal operation (send, receive, select, sleep, await) is
 * interrupted. The thread's interrupt status is still set when this is thrown, so code further
 * up sees the interrupt too; the cause is the {@link InterruptedException} it stands for.
 *
 * <p>An operation that completed (a value was handed over) before the interrupt was noticed
 * returns normally instead, with the interrupt status left set: a value is never lost to an
 * interrupt.
 */
public class OperationInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OperationInterruptedException(String operation) {
    super(operation + " interrupted", new InterruptedException(operation + " interrupted"));
  }

  /** Builds the exception after re-asserting the current thread's interrupt status. */
  static OperationInterruptedException interrupted(String operation) {
    Thread.currentThread().interrupt();
    return new OperationInterruptedException(operation);
  }
}

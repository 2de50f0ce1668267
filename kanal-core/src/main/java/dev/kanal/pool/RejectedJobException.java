package dev.kanal.pool;

/**
 * Thrown by {@link WorkerPool#submit(Object)} when the pool does not accept jobs any more. The
 * non-throwing submits ({@link WorkerPool#trySubmit}, {@link WorkerPool#submit(Object,
 * java.time.Duration)}) report the same {@link Reason} in an {@link Outcome.Rejected} instead.
 */
public final class RejectedJobException extends RuntimeException {

  /** Why a job was refused. */
  public enum Reason {
    /** {@code trySubmit}: the queue was full and no worker could take the job at once. */
    QUEUE_FULL,
    /** {@code submit(input, timeout)}: the queue stayed full for the whole timeout. */
    TIMED_OUT,
    /**
     * The pool was shut down ({@code shutdown()} or {@code close()}): it finishes, but takes
     * nothing new.
     */
    SHUT_DOWN,
    /**
     * The pool was stopped: {@code shutdownNow()}, its deadline or context, or a critical error.
     */
    STOPPED
  }

  private final Reason reason;

  RejectedJobException(String pool, Reason reason) {
    super(message(pool, reason));
    this.reason = reason;
  }

  /** Why the job was refused. */
  public Reason reason() {
    return reason;
  }

  static String message(String pool, Reason reason) {
    return switch (reason) {
      case QUEUE_FULL ->
          "pool '" + pool + "' refused the job: its queue is full (use submit() to wait for room)";
      case TIMED_OUT ->
          "pool '" + pool + "' refused the job: its queue stayed full for the whole timeout";
      case SHUT_DOWN ->
          "pool '"
              + pool
              + "' is shut down and takes no new jobs: submit every job before shutdown() or"
              + " close()";
      case STOPPED ->
          "pool '"
              + pool
              + "' has stopped (shutdownNow, deadline, context or critical error) and takes no new"
              + " jobs";
    };
  }
}

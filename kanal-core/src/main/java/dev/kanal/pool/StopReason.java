package dev.kanal.pool;

import java.time.Instant;

/**
 * Why jobs were cancelled: the reason carried by {@link Outcome.Cancelled} and by the {@link
 * PoolEvent.PoolStopping} event.
 */
public sealed interface StopReason {

  /** A short human description, for logs. */
  String describe();

  /** {@link WorkerPool#shutdownNow()} was called. */
  record ShutdownNow() implements StopReason {
    @Override
    public String describe() {
      return "shutdownNow";
    }
  }

  /** {@link Job#cancel()} was called for this job. */
  record JobCancelled() implements StopReason {
    @Override
    public String describe() {
      return "cancelled by the caller";
    }
  }

  /**
   * The pool's deadline ({@link WorkerPoolBuilder#timeout}, {@link WorkerPoolBuilder#deadline})
   * passed.
   */
  record DeadlineExceeded(Instant deadline) implements StopReason {
    @Override
    public String describe() {
      return "pool deadline exceeded" + (deadline == null ? "" : " (" + deadline + ")");
    }
  }

  /** The parent context given to {@link WorkerPoolBuilder#context} ended. */
  record ContextEnded(Throwable cause) implements StopReason {
    @Override
    public String describe() {
      return "pool context ended: " + cause.getMessage();
    }
  }

  /**
   * A job failed with a critical error (see {@link WorkerPoolBuilder#critical}); this names that
   * job.
   */
  record CriticalFailure(long jobId, Object input, int workerId, Throwable error)
      implements StopReason {
    @Override
    public String describe() {
      return "critical error in job "
          + jobId
          + " ("
          + input
          + ") on worker "
          + workerId
          + ": "
          + error;
    }
  }
}

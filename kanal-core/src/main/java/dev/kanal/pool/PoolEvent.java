package dev.kanal.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * What happens in a {@link WorkerPool}, told to {@link PoolListener}s and to the {@link LogSink}.
 * For each job: {@link JobStarted} once per attempt, {@link JobRetrying} after each attempt that
 * will be retried, and exactly one final event that matches its {@link Outcome}: {@link
 * JobSucceeded}, {@link JobFailed}, {@link JobTimedOut} or {@link JobCancelled}.
 *
 * <p>Events carry inputs and results as {@code Object} so that one listener or log sink can serve
 * any pool.
 */
public sealed interface PoolEvent {

  /** When it happened. */
  Instant time();

  /** An attempt started on a worker, after waiting {@code queueWait} in the queue. */
  record JobStarted(
      Instant time, long jobId, Object input, int workerId, int attempt, Duration queueWait)
      implements PoolEvent {}

  /** The job succeeded; its final event. */
  record JobSucceeded(
      Instant time,
      long jobId,
      Object input,
      int workerId,
      int attempt,
      Duration runTime,
      Object result)
      implements PoolEvent {}

  /**
   * Attempt {@code attempt} failed (or timed out) and the job will run again after {@code delay}.
   */
  record JobRetrying(
      Instant time,
      long jobId,
      Object input,
      int workerId,
      int attempt,
      Throwable error,
      Duration delay)
      implements PoolEvent {}

  /** The job failed for good; its final event. {@code critical} errors stop the pool. */
  record JobFailed(
      Instant time,
      long jobId,
      Object input,
      int workerId,
      int attempts,
      Throwable error,
      boolean critical)
      implements PoolEvent {}

  /** The job's last attempt ran past the per-job timeout; its final event. */
  record JobTimedOut(
      Instant time, long jobId, Object input, int workerId, int attempts, Duration timeout)
      implements PoolEvent {}

  /**
   * The job was cancelled; its final event. {@code workerId} is 0 when no worker was running it.
   */
  record JobCancelled(
      Instant time,
      long jobId,
      Object input,
      int workerId,
      int attempts,
      boolean started,
      StopReason reason)
      implements PoolEvent {}

  /** A worker started. */
  record WorkerStarted(Instant time, int workerId) implements PoolEvent {}

  /** A worker ended. */
  record WorkerRetired(Instant time, int workerId, RetireReason reason) implements PoolEvent {}

  /** {@link WorkerPool#shutdown()} (or {@code close()}): no new jobs; the queued ones finish. */
  record PoolShutdown(Instant time) implements PoolEvent {}

  /** The pool is stopping: every job not yet done is being cancelled. */
  record PoolStopping(Instant time, StopReason reason) implements PoolEvent {}

  /** The pool has terminated: every job has its outcome and every worker has ended. */
  record PoolTerminated(Instant time, PoolMetrics metrics) implements PoolEvent {}

  /** A listener threw while handling {@code event}; the pool carried on. */
  record ListenerFailed(Instant time, String listener, PoolEvent event, Throwable error)
      implements PoolEvent {}

  /** Why a worker ended. */
  enum RetireReason {
    /** Idle for the keep-alive time while the pool had more than its minimum of workers. */
    IDLE,
    /** {@link WorkerPool#resize} lowered the maximum. */
    RESIZED,
    /** The pool finished: no job will come any more. */
    POOL_FINISHED
  }
}

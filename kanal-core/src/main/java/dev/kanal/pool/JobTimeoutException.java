package dev.kanal.pool;

import java.time.Duration;

/**
 * Recorded as an attempt's error when the attempt ran past the pool's per-job timeout ({@link
 * WorkerPoolBuilder#jobTimeout}). A {@link RetryPolicy} sees it like any other error, so timeouts
 * are retried unless its predicate says otherwise.
 */
public final class JobTimeoutException extends RuntimeException {
  private final long jobId;
  private final int attempt;
  private final Duration timeout;

  JobTimeoutException(long jobId, int attempt, Duration timeout) {
    super(
        "job "
            + jobId
            + " timed out after "
            + PoolText.duration(timeout)
            + " on attempt "
            + attempt,
        null,
        false,
        false);
    this.jobId = jobId;
    this.attempt = attempt;
    this.timeout = timeout;
  }

  /** The job that timed out. */
  public long jobId() {
    return jobId;
  }

  /** Which attempt timed out. */
  public int attempt() {
    return attempt;
  }

  /** The per-job timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}

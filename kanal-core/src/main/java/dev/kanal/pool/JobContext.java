package dev.kanal.pool;

import dev.kanal.Context;

/**
 * What a running job knows about itself; given to {@link JobFunction#apply} with each attempt.
 *
 * <p>The {@link #context()} ends when this attempt should stop: its per-job timeout passed, the job
 * was {@linkplain Job#cancel() cancelled}, or the pool stopped (deadline, parent context, critical
 * error, {@link WorkerPool#shutdownNow()}). The worker's thread is interrupted at the same moment,
 * so a job that just blocks (sleep, channel operation, I/O) needs no code for it.
 */
public interface JobContext {

  /** The job's id: see {@link Job#id()}. */
  long jobId();

  /** Which attempt this is: 1 for the first run, 2 for the first retry, and so on. */
  int attempt();

  /** The id of the worker running this attempt: small, stable for the worker's life. */
  int workerId();

  /**
   * A context that ends when this attempt must stop, derived from the pool's context (and with the
   * per-job deadline when a {@linkplain WorkerPoolBuilder#jobTimeout job timeout} is set). Made on
   * first use, so jobs that never ask for it cost nothing.
   */
  Context context();

  /** True once this attempt has been asked to stop (timeout, cancel or pool stop). */
  boolean isCancelled();
}

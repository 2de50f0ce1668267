package dev.kanal.pool;

import java.time.Duration;
import java.util.Optional;

/**
 * A submitted job: what {@link WorkerPool#submit}, {@link WorkerPool#trySubmit} and {@link
 * WorkerPool#submit(Object, Duration)} return.
 *
 * <p>A job the pool refused is returned too, already done, with a {@link Outcome.Rejected} outcome
 * and {@link #accepted()} false: rejection is told at once, never later.
 *
 * @param <T> the input type
 * @param <R> the result type
 */
public interface Job<T, R> {

  /**
   * The job's id, unique in its pool: submits number their jobs 1, 2, 3... in the order they are
   * called (one that then waits for room keeps its number, and may be accepted after a later
   * one), and a refused submit uses its number up, so accepted jobs' ids can have gaps; 0 on a
   * {@link Outcome.Rejected} handle.
   */
  long id();

  /** The input given to {@code submit}. */
  T input();

  /** True if the pool accepted the job; false if it was rejected at submission. */
  boolean accepted();

  /** True once the job has its outcome. */
  boolean isDone();

  /**
   * Waits for the job's outcome.
   *
   * @throws dev.kanal.OperationInterruptedException if the thread is interrupted while waiting
   */
  Outcome<T, R> outcome();

  /** Waits at most {@code timeout} for the job's outcome; empty if it is not done by then. */
  Optional<Outcome<T, R>> outcome(Duration timeout);

  /**
   * Cancels the job: a queued job (or one waiting to be retried) ends at once as {@link
   * Outcome.Cancelled}; a running one has its thread interrupted and its context cancelled, and
   * ends as cancelled when its function returns.
   *
   * @return true if this call asked for the cancellation; false if the job was already done or
   *     already being cancelled
   */
  boolean cancel();
}

package dev.kanal.pool;

import java.time.Duration;
import java.util.List;

/**
 * How a job ended. Every job a {@link WorkerPool} accepts ends in exactly one outcome; a job it
 * refuses gets {@link Rejected} at once. Sealed, so a {@code switch} covers every case:
 *
 * <pre>{@code
 * for (Outcome<Person, String> o : pool.outcomes()) {
 *     switch (o) {
 *         case Outcome.Succeeded<Person, String> s -> System.out.println(s.result());
 *         case Outcome.Failed<Person, String> f -> System.out.println("failed: " + f.error());
 *         case Outcome.TimedOut<Person, String> t -> System.out.println("slow: " + t.input());
 *         case Outcome.Cancelled<Person, String> c -> System.out.println("stopped: " + c.reason());
 *         case Outcome.Rejected<Person, String> r -> System.out.println("refused: " + r.reason());
 *     }
 * }
 * }</pre>
 *
 * @param <T> the input type
 * @param <R> the result type
 */
public sealed interface Outcome<T, R> {

  /** The job's id; see {@link Job#id()}. */
  long jobId();

  /** The job's input. */
  T input();

  /** How many attempts were started. */
  int attempts();

  /** True for {@link Succeeded}. */
  default boolean isSuccess() {
    return this instanceof Succeeded;
  }

  /**
   * The job returned a result.
   *
   * @param result what the job function returned (may be null)
   * @param workerId the worker that ran the successful attempt
   * @param runNanos how long the successful attempt ran: from when its worker took it to when
   *     the function returned. A worker that takes a job that was already waiting reads the
   *     clock once between two jobs, so this then includes the hand-over from the previous
   *     job (tens of nanoseconds).
   */
  record Succeeded<T, R>(long jobId, T input, R result, int attempts, int workerId, long runNanos)
      implements Outcome<T, R> {
    /** How long the successful attempt ran. */
    public Duration runTime() {
      return Duration.ofNanos(runNanos);
    }
  }

  /**
   * Every attempt failed (or the error was not worth retrying, or was critical).
   *
   * @param error the last attempt's error
   * @param attemptErrors every attempt's error, in order (the last is {@code error})
   * @param workerId the worker that ran the last attempt
   * @param critical true if {@code error} was critical and stopped the whole pool
   */
  record Failed<T, R>(
      long jobId,
      T input,
      Throwable error,
      List<Throwable> attemptErrors,
      int workerId,
      boolean critical)
      implements Outcome<T, R> {
    @Override
    public int attempts() {
      return attemptErrors.size();
    }
  }

  /**
   * The last attempt ran past the per-job timeout (earlier attempts may have failed or timed out
   * too: see {@code attemptErrors}, where each timeout is a {@link JobTimeoutException}).
   */
  record TimedOut<T, R>(
      long jobId, T input, Duration timeout, List<Throwable> attemptErrors, int workerId)
      implements Outcome<T, R> {
    @Override
    public int attempts() {
      return attemptErrors.size();
    }
  }

  /**
   * The job was stopped before it finished: it never started, it waited for a retry, or it was
   * running and was interrupted.
   *
   * @param reason why: {@link WorkerPool#shutdownNow()}, the pool's deadline or context, a critical
   *     error in another job (which names that job), or {@link Job#cancel()}
   * @param started true if the job function was ever called for this job
   * @param attemptErrors the errors of the attempts that failed before the cancellation
   */
  record Cancelled<T, R>(
      long jobId,
      T input,
      StopReason reason,
      boolean started,
      int attempts,
      List<Throwable> attemptErrors)
      implements Outcome<T, R> {}

  /**
   * The pool refused the job at submission; never on {@link WorkerPool#outcomes()}, only on the
   * {@link Job} that the submit call returned.
   */
  record Rejected<T, R>(long jobId, T input, RejectedJobException.Reason reason)
      implements Outcome<T, R> {
    @Override
    public int attempts() {
      return 0;
    }
  }
}

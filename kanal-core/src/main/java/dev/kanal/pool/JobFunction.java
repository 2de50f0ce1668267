package dev.kanal.pool;

/**
 * What a {@link WorkerPool} does with each job: turns the job's input into a result.
 *
 * <pre>{@code
 * JobFunction<Person, String> process = (p, job) -> {
 *     sleep(Duration.ofMillis(200));
 *     return "Worker " + job.workerId() + " : " + p.name() + " traité";
 * };
 * }</pre>
 *
 * <p>The function may throw anything: the pool records the error, retries the job if its {@link
 * RetryPolicy} says so, and otherwise reports a {@link Outcome.Failed failure}. It should let an
 * interrupt (or the end of {@link JobContext#context()}) stop it: that is how a {@linkplain
 * WorkerPoolBuilder#jobTimeout per-job timeout}, {@link Job#cancel()} and {@link
 * WorkerPool#shutdownNow()} stop a running job. Blocking calls of Kanal and of the JDK already do.
 *
 * @param <T> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface JobFunction<T, R> {

  /**
   * Runs one attempt of one job.
   *
   * @param input the value given to {@code submit}
   * @param job this attempt: its job id, attempt number, worker id and context
   * @return the job's result; {@code null} is allowed (it is simply absent from {@link
   *     WorkerPool#results()})
   * @throws Exception any failure
   */
  R apply(T input, JobContext job) throws Exception;
}

/**
 * The worker pool: {@link dev.kanal.pool.WorkerPool}, built from Kanal's channels, contexts and
 * goroutines, and what it is made of.
 *
 * <ul>
 *   <li>{@link dev.kanal.pool.WorkerPool} and its {@link dev.kanal.pool.WorkerPoolBuilder}: the
 *       pool and its options;
 *   <li>{@link dev.kanal.pool.JobFunction}, {@link dev.kanal.pool.JobContext}: the work and what it
 *       knows about itself (attempt, worker, context);
 *   <li>{@link dev.kanal.pool.Job}, {@link dev.kanal.pool.Outcome}, {@link
 *       dev.kanal.pool.StopReason}, {@link dev.kanal.pool.RejectedJobException}, {@link
 *       dev.kanal.pool.JobTimeoutException}: a submitted job and how it ended;
 *   <li>{@link dev.kanal.pool.RetryPolicy}: attempts, back-off, jitter, which errors;
 *   <li>{@link dev.kanal.pool.PoolEvent}, {@link dev.kanal.pool.PoolListener}, {@link
 *       dev.kanal.pool.LogSink}, {@link dev.kanal.pool.LogFormat}: what happens, told to listeners
 *       and written to a log;
 *   <li>{@link dev.kanal.pool.PoolMetrics}, {@link dev.kanal.pool.Latency}: counters and latency
 *       percentiles.
 * </ul>
 *
 * <p>Design choices a user meets: {@code submit} throws {@link dev.kanal.pool.RejectedJobException}
 * on a pool that no longer takes jobs (as a send on a closed channel fails), while {@code
 * trySubmit} and {@code submit(input, timeout)} return a {@link dev.kanal.pool.Job} that is already
 * done with an {@link dev.kanal.pool.Outcome.Rejected} outcome; outcomes are kept until read (build
 * with {@code discardOutcomes()} when nobody reads them); a cancel or timeout wins over a result
 * that arrives after it; the worker of a job that ignores interrupts stays busy until the job
 * returns, and {@code awaitTermination} waits for it.
 */
package dev.kanal.pool;

package dev.kanal.pool;

import java.time.Duration;

/**
 * A snapshot of a pool's counters, read by {@link WorkerPool#metrics()} at any time. Each figure is
 * exact at some instant during the call; different figures may come from slightly different
 * instants (as with any lock-free counters).
 *
 * @param submitted jobs accepted
 * @param rejected jobs refused at submission
 * @param queued jobs waiting in the queue now
 * @param running attempts running now
 * @param retryWaiting jobs waiting for their retry delay now
 * @param succeeded jobs that succeeded
 * @param failed jobs that failed for good
 * @param retried retries scheduled (attempts that will be followed by another)
 * @param cancelled jobs cancelled
 * @param timedOut jobs whose last attempt timed out
 * @param workers workers alive now
 * @param elapsed time since the pool started (until it terminated, once it has)
 * @param throughput finished jobs (every outcome) per second over {@code elapsed}
 * @param queueWait how long attempts waited in the queue before a worker took them
 * @param runTime how long attempts ran
 */
public record PoolMetrics(
    long submitted,
    long rejected,
    int queued,
    long running,
    int retryWaiting,
    long succeeded,
    long failed,
    long retried,
    long cancelled,
    long timedOut,
    int workers,
    Duration elapsed,
    double throughput,
    Latency queueWait,
    Latency runTime) {

  /** Jobs that have their outcome: succeeded + failed + cancelled + timed out. */
  public long completed() {
    return succeeded + failed + cancelled + timedOut;
  }

  @Override
  public String toString() {
    return String.format(
        "submitted=%d rejected=%d queued=%d running=%d retryWaiting=%d succeeded=%d failed=%d"
            + " retried=%d cancelled=%d timedOut=%d workers=%d elapsed=%s throughput=%.1f/s"
            + " queueWait[%s] runTime[%s]",
        submitted,
        rejected,
        queued,
        running,
        retryWaiting,
        succeeded,
        failed,
        retried,
        cancelled,
        timedOut,
        workers,
        PoolText.duration(elapsed),
        throughput,
        queueWait,
        runTime);
  }
}

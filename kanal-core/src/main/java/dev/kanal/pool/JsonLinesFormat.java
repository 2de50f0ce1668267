package dev.kanal.pool;

import static dev.kanal.pool.PoolText.error;

/** {@link LogFormat#JSON_LINES}: one flat JSON object per event. Guarded by {@code LogSinkTest}. */
final class JsonLinesFormat {
  private JsonLinesFormat() {}

  static String line(PoolEvent event) {
    Json j = new Json().field("time", event.time().toString());
    switch (event) {
      case PoolEvent.JobStarted e ->
          job(j.field("event", "started"), e.jobId(), e.input(), e.workerId())
              .field("attempt", e.attempt())
              .millis("queueWaitMs", e.queueWait());
      case PoolEvent.JobSucceeded e ->
          job(j.field("event", "succeeded"), e.jobId(), e.input(), e.workerId())
              .field("attempt", e.attempt())
              .millis("runMs", e.runTime())
              .field("result", e.result() == null ? null : e.result().toString());
      case PoolEvent.JobRetrying e ->
          job(j.field("event", "retrying"), e.jobId(), e.input(), e.workerId())
              .field("attempt", e.attempt())
              .field("error", error(e.error()))
              .millis("delayMs", e.delay());
      case PoolEvent.JobFailed e ->
          job(j.field("event", "failed"), e.jobId(), e.input(), e.workerId())
              .field("attempts", e.attempts())
              .field("error", error(e.error()))
              .field("critical", e.critical());
      case PoolEvent.JobTimedOut e ->
          job(j.field("event", "timed_out"), e.jobId(), e.input(), e.workerId())
              .field("attempts", e.attempts())
              .millis("timeoutMs", e.timeout());
      case PoolEvent.JobCancelled e ->
          job(j.field("event", "cancelled"), e.jobId(), e.input(), e.workerId())
              .field("attempts", e.attempts())
              .field("started", e.started())
              .field("reason", e.reason().describe());
      case PoolEvent.WorkerStarted e ->
          j.field("event", "worker_started").field("worker", e.workerId());
      case PoolEvent.WorkerRetired e ->
          j.field("event", "worker_retired")
              .field("worker", e.workerId())
              .field("reason", e.reason().name().toLowerCase(java.util.Locale.ROOT));
      case PoolEvent.PoolShutdown e -> j.field("event", "pool_shutdown");
      case PoolEvent.PoolStopping e ->
          j.field("event", "pool_stopping").field("reason", e.reason().describe());
      case PoolEvent.PoolTerminated e ->
          j.field("event", "pool_terminated")
              .field("succeeded", e.metrics().succeeded())
              .field("failed", e.metrics().failed())
              .field("timedOut", e.metrics().timedOut())
              .field("cancelled", e.metrics().cancelled())
              .field("retried", e.metrics().retried());
      case PoolEvent.ListenerFailed e ->
          j.field("event", "listener_failed")
              .field("listener", e.listener())
              .field("on", e.event().getClass().getSimpleName())
              .field("error", error(e.error()));
    }
    return j.toString();
  }

  private static Json job(Json j, long id, Object input, int worker) {
    j.field("job", id).field("input", String.valueOf(input));
    return worker > 0 ? j.field("worker", worker) : j;
  }
}

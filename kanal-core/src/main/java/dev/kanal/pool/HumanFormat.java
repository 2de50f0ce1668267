package dev.kanal.pool;

import static dev.kanal.pool.PoolText.duration;
import static dev.kanal.pool.PoolText.error;
import static dev.kanal.pool.PoolText.oneLine;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** {@link LogFormat#HUMAN}: one readable line per event, modelled on seed 001's log lines. */
final class HumanFormat {
  private HumanFormat() {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  static String line(PoolEvent event, boolean withTime) {
    String text =
        switch (event) {
          case PoolEvent.JobStarted e ->
              "▶ worker "
                  + e.workerId()
                  + " started  job "
                  + job(e.jobId(), e.input())
                  + (e.attempt() > 1 ? ", attempt " + e.attempt() : "");
          case PoolEvent.JobSucceeded e ->
              "✔️ worker "
                  + e.workerId()
                  + " finished job "
                  + job(e.jobId(), e.input())
                  + " in "
                  + duration(e.runTime())
                  + (e.result() == null ? "" : ": " + oneLine(e.result()));
          case PoolEvent.JobRetrying e ->
              "↻ worker "
                  + e.workerId()
                  + " job "
                  + job(e.jobId(), e.input())
                  + " failed on attempt "
                  + e.attempt()
                  + ": "
                  + error(e.error())
                  + "; retrying in "
                  + duration(e.delay());
          case PoolEvent.JobFailed e ->
              "❌ worker "
                  + e.workerId()
                  + " job "
                  + job(e.jobId(), e.input())
                  + " failed"
                  + (e.attempts() > 1 ? " after " + e.attempts() + " attempts" : "")
                  + ": "
                  + error(e.error())
                  + (e.critical() ? " (critical: stopping the pool)" : "");
          case PoolEvent.JobTimedOut e ->
              "⏱ worker "
                  + e.workerId()
                  + " job "
                  + job(e.jobId(), e.input())
                  + " timed out after "
                  + duration(e.timeout())
                  + (e.attempts() > 1 ? " on attempt " + e.attempts() : "");
          case PoolEvent.JobCancelled e ->
              "⊘ "
                  + (e.workerId() > 0 ? "worker " + e.workerId() + " " : "")
                  + "job "
                  + job(e.jobId(), e.input())
                  + " cancelled "
                  + (e.workerId() > 0
                      ? "while running"
                      : e.started() ? "before its retry" : "before it started")
                  + ": "
                  + oneLine(e.reason().describe());
          case PoolEvent.WorkerStarted e -> "+ worker " + e.workerId() + " started";
          case PoolEvent.WorkerRetired e ->
              "- worker "
                  + e.workerId()
                  + " retired ("
                  + switch (e.reason()) {
                    case IDLE -> "idle";
                    case RESIZED -> "pool resized";
                    case POOL_FINISHED -> "no more jobs";
                  }
                  + ")";
          case PoolEvent.PoolShutdown e -> "■ pool shut down: finishing the queued jobs";
          case PoolEvent.PoolStopping e -> "■ pool stopping: " + oneLine(e.reason().describe());
          case PoolEvent.PoolTerminated e ->
              "■ pool terminated: "
                  + e.metrics().succeeded()
                  + " succeeded, "
                  + e.metrics().failed()
                  + " failed, "
                  + e.metrics().timedOut()
                  + " timed out, "
                  + e.metrics().cancelled()
                  + " cancelled, "
                  + e.metrics().retried()
                  + " retries";
          case PoolEvent.ListenerFailed e ->
              "⚠ listener "
                  + oneLine(e.listener())
                  + " failed on "
                  + e.event().getClass().getSimpleName()
                  + ": "
                  + error(e.error());
        };
    return withTime ? TIME.format(event.time()) + " " + text : text;
  }

  private static String job(long id, Object input) {
    return id + " (" + oneLine(input) + ")";
  }
}

package dev.kanal.cli.run;

import dev.kanal.pool.StopReason;
import java.time.Duration;

/**
 * Why a run ended before every job had run, and the exit status that says so. The first
 * cause wins: a run interrupted by Ctrl-C stays "interrupted" even if its timeout passes while
 * it waits for the running jobs.
 */
sealed interface Stop {

  /** The exit status for this stop. */
  int exitStatus();

  /** One line for the summary. */
  String describe();

  /** Ctrl-C (SIGINT): new jobs stopped starting; with a second one, running jobs were killed. */
  record Interrupted(boolean killed) implements Stop {
    @Override
    public int exitStatus() {
      return ExitStatus.INTERRUPTED;
    }

    @Override
    public String describe() {
      return killed
          ? "interrupted (Ctrl-C twice): running jobs were killed"
          : "interrupted (Ctrl-C): no new job started, the running ones finished";
    }
  }

  /** The {@code --timeout} of the whole run passed. */
  record Timeout(Duration limit) implements Stop {
    @Override
    public int exitStatus() {
      return ExitStatus.TIMEOUT;
    }

    @Override
    public String describe() {
      return "the run's --timeout of " + Durations.format(limit) + " passed: running jobs were killed";
    }
  }

  /** A job failed for good under {@code --fail-fast}, or with a critical exit code. */
  record FailFast(String why) implements Stop {
    @Override
    public int exitStatus() {
      return ExitStatus.FAIL_FAST;
    }

    @Override
    public String describe() {
      return why + ": the other jobs were cancelled";
    }
  }

  /** Standard output was closed by its reader ({@code | head}). */
  record OutputClosed() implements Stop {
    @Override
    public int exitStatus() {
      return ExitStatus.OUTPUT_CLOSED;
    }

    @Override
    public String describe() {
      return "standard output was closed: the run was stopped";
    }
  }

  /** How the pool's own stop reasons read in the log. */
  static String describe(StopReason r) {
    return switch (r) {
      case StopReason.DeadlineExceeded d -> "the run's --timeout passed";
      case StopReason.CriticalFailure c ->
          c.error() instanceof CommandFailedException f
              ? ((RunJob) c.input()).name() + " failed with exit code " + f.exitCode()
              : "job " + c.jobId() + " failed: " + c.error();
      case StopReason.ContextEnded c -> c.cause() == null ? "stopped" : String.valueOf(c.cause().getMessage());
      case StopReason.ShutdownNow s -> "stopped";
      case StopReason.JobCancelled j -> "cancelled";
    };
  }
}

package dev.kanal.cli.run;

/**
 * An attempt whose process kanal killed because the pool asked the job to stop (its timeout,
 * the global timeout, fail-fast, a second Ctrl-C). The pool then reports the job as timed out
 * or cancelled; what the process printed until then is in {@link RunJob#result}.
 */
final class JobKilledException extends RuntimeException {
  JobKilledException(RunJob job) {
    super("job " + job.number() + " was killed", null, false, false);
  }
}

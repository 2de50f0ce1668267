package dev.kanal.cli.run;

/**
 * Thrown instead of starting an attempt once the run is draining (the first Ctrl-C): the job's
 * process is never started. The pool records it as the job's failure, never retried nor
 * critical; kanal reports such a job as cancelled, or, if an earlier attempt ran, by that
 * attempt's result.
 */
final class NotStartedException extends RuntimeException {
  NotStartedException() {
    super("not started: the run was interrupted", null, false, false);
  }
}

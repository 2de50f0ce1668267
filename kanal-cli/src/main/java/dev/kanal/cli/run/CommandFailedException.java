package dev.kanal.cli.run;

/**
 * An attempt whose process exited with a status other than 0 (or could not start, 127): the
 * error the worker pool records, retries (by the retry policy of {@link JobRunner}) and, for a
 * critical exit code or under {@code --fail-fast}, treats as critical.
 */
final class CommandFailedException extends RuntimeException {
  final AttemptResult result;
  final int attempt;

  CommandFailedException(RunJob job, AttemptResult result, int attempt) {
    super("job " + job.number() + " exited with " + result.exitCode(), null, false, false);
    this.result = result;
    this.attempt = attempt;
  }

  int exitCode() {
    return result.exitCode();
  }
}

package dev.kanal.cli.run;

/**
 * The cause given to the run's context when kanal stops the pool itself (a second Ctrl-C,
 * fail-fast on a timed-out job, a closed standard output): the pool reports it in its stop
 * reason, and the log shows its message.
 */
final class RunStoppedException extends RuntimeException {
  RunStoppedException(String why) {
    super(why, null, false, false);
  }
}

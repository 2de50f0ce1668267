package dev.kanal.cli.run;

/**
 * A mistake in what the user asked for (a flag's value, the config file, the input, the
 * command): {@code kanal run} prints its message on one line and exits with {@link
 * ExitStatus#USAGE}, never with a stack trace. The message names what is wrong and, where it
 * helps, what to write instead.
 */
public final class UsageException extends RuntimeException {

  /** A user error with a one-line message. */
  public UsageException(String message) {
    super(message, null, false, false);
  }

  /** A user error caused by {@code cause} (kept for debugging, never printed). */
  public UsageException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}

package dev.kanal.cli.run;

import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt of a job did: its exit code and everything it printed. The captures are
 * ended (they take no more writes) and belong to the run's {@link CaptureStore}: whoever last
 * needs them releases them (see {@code Run}), or the store does when the run ends.
 *
 * @param exitCode the process's exit status; {@link #KILLED} if kanal killed it (job timeout,
 *     global timeout, fail-fast, Ctrl-C); {@link #CANNOT_START} if it could not be started
 * @param stdout everything the process wrote on standard output (for a killed process,
 *     everything until it was killed)
 * @param stderr everything it wrote on standard error (for a process that could not start,
 *     why)
 * @param start when the process was started
 * @param runTime how long it ran
 */
public record AttemptResult(int exitCode, Capture stdout, Capture stderr, Instant start, Duration runTime) {

  /** The exit code recorded for a process that kanal killed. */
  public static final int KILLED = -1;

  /** The exit code of a program that cannot be found, as a shell reports it. */
  public static final int CANNOT_START = 127;

  /**
   * The exit code of a program that was found but cannot be started (not executable, argument
   * list too long...), as a shell reports it.
   */
  public static final int CANNOT_EXECUTE = 126;

  /** The system's error number for "no such file or directory". */
  static final int ENOENT = 2;

  /**
   * The exit code for a program that could not be started with error number {@code errno}, as
   * a shell's: decided on the number, since the text is in the user's language.
   */
  static int cannotStartCode(int errno) {
    return errno == ENOENT ? CANNOT_START : CANNOT_EXECUTE;
  }

  /** True if the process ended by itself with status 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** True if kanal killed the process. */
  public boolean killed() {
    return exitCode == KILLED;
  }
}

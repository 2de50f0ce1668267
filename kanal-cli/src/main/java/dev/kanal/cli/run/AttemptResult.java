package dev.kanal.cli.run;

import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt of a job did: its exit code and everything it printed.
 *
 * @param exitCode the process's exit status; {@link #KILLED} if kanal killed it (job timeout,
 *     global timeout, fail-fast, Ctrl-C); {@link #CANNOT_START} if it could not be started
 * @param stdout everything the process wrote on standard output
 * @param stderr everything it wrote on standard error (for a process that could not start,
 *     why)
 * @param start when the process was started
 * @param runTime how long it ran
 */
public record AttemptResult(int exitCode, byte[] stdout, byte[] stderr, Instant start, Duration runTime) {

  /** The exit code recorded for a process that kanal killed. */
  public static final int KILLED = -1;

  /** The exit code of a program that cannot be started, as a shell reports it. */
  public static final int CANNOT_START = 127;

  /** True if the process ended by itself with status 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** True if kanal killed the process. */
  public boolean killed() {
    return exitCode == KILLED;
  }
}

package dev.kanal.cli.run;

/**
 * The exit statuses of {@code kanal run}, one per way a run can end; {@code kanal run --help}
 * and docs/CONFIG.md list them. When several apply, the first thing that stopped the run
 * decides (a run stopped by fail-fast exits 4, though a job failed too).
 */
public final class ExitStatus {
  private ExitStatus() {}

  /** Every job succeeded (or had succeeded before, with --resume). */
  public static final int OK = 0;
  /** The run went to its end, and at least one job failed or timed out. */
  public static final int FAILED = 1;
  /** Bad usage: unknown option, bad value, bad config, missing file, unknown command. */
  public static final int USAGE = 2;
  /** The run's --timeout passed: running jobs were killed, the rest cancelled. */
  public static final int TIMEOUT = 3;
  /** --fail-fast or a critical exit code stopped the run. */
  public static final int FAIL_FAST = 4;
  /** Ctrl-C (SIGINT), once or twice. */
  public static final int INTERRUPTED = 130;
  /** Standard output was closed by its reader (as a program killed by SIGPIPE). */
  public static final int OUTPUT_CLOSED = 141;

}

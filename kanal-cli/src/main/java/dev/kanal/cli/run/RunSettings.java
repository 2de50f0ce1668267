package dev.kanal.cli.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one {@code kanal run} does, once the config file and the flags are merged (a flag wins
 * over the config's field of the same name, which wins over the default) and checked.
 *
 * @param workers how many jobs run at once
 * @param timeout the whole run's limit, or null for none
 * @param jobTimeout each attempt's limit, or null for none
 * @param retries how many more attempts a failed job gets
 * @param backoff the delay before the first retry (doubling after that); zero for none
 * @param failFast the first job that fails for good stops the run
 * @param criticalExitCodes exit codes that stop the run at once (not retried)
 * @param log the log of every event, result and error, or null
 * @param joblog the job log, or null
 * @param resume skip the jobs that the job log says succeeded
 * @param keepOrder print the jobs' output in input order
 * @param progress show a progress bar; null: when standard output is a terminal
 * @param quiet print only the jobs' output and errors (no summary, no notices)
 * @param input the file of lines to read, or null for standard input (unless {@code jobs})
 * @param jobs the config's jobs, or null to read lines
 * @param template the command
 * @param env variables added to each job's environment
 */
public record RunSettings(
    WorkerRange workers,
    Duration timeout,
    Duration jobTimeout,
    int retries,
    Duration backoff,
    boolean failFast,
    List<Integer> criticalExitCodes,
    Path log,
    Path joblog,
    boolean resume,
    boolean keepOrder,
    Boolean progress,
    boolean quiet,
    Path input,
    List<JobSpec> jobs,
    CommandTemplate template,
    Map<String, String> env) {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public RunSettings {
    criticalExitCodes = List.copyOf(criticalExitCodes);
    env = Map.copyOf(env);
    if (resume && joblog == null) {
      throw new UsageException("--resume needs --joblog FILE: the job log says which jobs already succeeded");
    }
  }

  /** True for a valid environment variable name. */
  static boolean isEnvName(String name) {
    return ENV_NAME.matcher(name).matches();
  }
}

package dev.kanal.cli.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kanal run}: the worker pool at the command line, a parallel job runner in the family
 * of {@code xargs -P} and GNU {@code parallel}. This class is the command line only: its
 * options, their merge with a {@code --config} file ({@link #settings()}), and one-line errors;
 * {@link Run} does the work.
 *
 * <p>Every option has a JSON field of the same name (without the dashes); a flag given on the
 * command line wins over the config's field. Boolean options have a {@code --no-} form, to
 * turn off what a config turns on.
 */
@Command(
    name = "run",
    sortOptions = false,
    usageHelpAutoWidth = true,
    customSynopsis = "kanal run [OPTIONS] [--] [COMMAND [ARG...]]",
    description = {
      "Runs a command for each job, several at a time, on Kanal's worker pool.",
      "",
      "Each line of standard input is a job (or each line of --input FILE, or each element of the"
          + " config's \"jobs\"). In COMMAND, {} stands for the job's line and {#} for its number;"
          + " without {}, the line is added as the last argument. The command is started directly,"
          + " without a shell: a line is always one argument, never shell code. Without COMMAND,"
          + " each line is itself run by sh -c.",
      "",
      "Each job's output and errors are printed whole when it ends, never mixed with another's."
          + " Each job gets KANAL_JOB (its number), KANAL_ATTEMPT and KANAL_WORKER in its"
          + " environment. Ctrl-C once: no new job starts and the running ones finish; twice: they"
          + " are killed. The job log is complete either way, so --resume carries on.",
      "",
      "Durations (D) are written 500ms, 2s, 1m30s, 1h, 1d."
    },
    parameterListHeading = "%nCommand:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "  0:every job succeeded",
      "  1:the run went to its end and some jobs failed or timed out",
      "  2:bad usage: an option, a value, the config, the input (file, UTF-8) or the command",
      "  3:the run's --timeout passed (running jobs were killed, the others cancelled)",
      "  4:--fail-fast or a --critical-exit-codes code stopped the run",
      "130:interrupted by Ctrl-C (SIGINT)",
      "141:standard output was closed by its reader (e.g. | head)",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ls *.png | kanal run -j 4 -- convert {} {}.jpg",
      "  kanal run -j 2..8 --retries 2 --backoff 1s --joblog jobs.tsv --input urls.txt -- curl -fsS {}",
      "  kanal run --resume --joblog jobs.tsv --input urls.txt -- curl -fsS {}",
      "  kanal run --config examples/person.json",
      "",
      "The config file's fields are documented in docs/CONFIG.md."
    })
public final class RunCommand implements Callable<Integer> {

  private final RunIo io;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = {"-j", "--workers"},
      paramLabel = "N|MIN..MAX",
      converter = WorkersConverter.class,
      description = "Jobs that run at once: N, or MIN..MAX to grow while jobs wait and shrink when"
          + " idle (default: the number of processors).")
  WorkerRange workers;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      converter = PositiveDurationConverter.class,
      description = "Limit for the whole run: then running jobs are killed and the rest cancelled.")
  Duration timeout;

  @Option(
      names = "--job-timeout",
      paramLabel = "D",
      converter = PositiveDurationConverter.class,
      description = "Limit for each attempt of a job: then its process tree is killed.")
  Duration jobTimeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description = "Run a failed (or timed-out) job up to N more times (default 0).")
  Integer retries;

  @Option(
      names = "--backoff",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Wait D before the first retry, doubling at each retry (at most max(D, 1m)),"
          + " each delay ±20%% at random (default 0: retry at once).")
  Duration backoff;

  @Option(
      names = "--fail-fast",
      negatable = true,
      description = "Stop the run when a job fails for good (after its retries): cancel the jobs"
          + " not started, kill the running ones.")
  Boolean failFast;

  @Option(
      names = "--critical-exit-codes",
      paramLabel = "CODE",
      split = ",",
      description = "Exit codes that stop the run at once, without retry (e.g. 3,4); with"
          + " --fail-fast, only these do.")
  List<Integer> criticalExitCodes;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      description = "Write every start, result and error, with the jobs' output, to FILE.")
  Path log;

  @Option(
      names = "--joblog",
      paramLabel = "FILE",
      description = "Write one tab-separated line per finished job to FILE: Seq, Starttime,"
          + " JobRuntime, Attempts, Exitval, Command.")
  Path joblog;

  @Option(
      names = "--resume",
      negatable = true,
      description = "Skip the jobs that --joblog FILE says succeeded; append to it.")
  Boolean resume;

  @Option(
      names = {"-k", "--keep-order"},
      negatable = true,
      description = "Print the jobs' output in input order (default: as they end).")
  Boolean keepOrder;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show a progress bar on standard error (default: only on a terminal).")
  Boolean progress;

  @Option(
      names = {"-q", "--quiet"},
      negatable = true,
      description = "Print only the jobs' output: no summary, no notices, no progress bar.")
  Boolean quiet;

  @Option(
      names = {"-a", "--input"},
      paramLabel = "FILE",
      description = "Read the jobs' lines from FILE instead of standard input.")
  Path input;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "NAME=VALUE",
      description = "Add a variable to each job's environment (repeatable).")
  Map<String, String> env;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Read options and jobs from a JSON file (docs/CONFIG.md); flags override it.")
  Path config;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command and its arguments; {} is the job's line, {#} its number.")
  List<String> command = new ArrayList<>();

  /** The command on the process's own standard streams. */
  public RunCommand() {
    this(null);
  }

  /** The command on the given streams (tests); null for the process's own. */
  public RunCommand(RunIo io) {
    this.io = io;
  }

  /**
   * Adds {@code run} to the {@code kanal} command line: everything after the command's first
   * word goes to the command (so {@code kanal run echo -n {}} needs no {@code --}), every argument
   * reaches it as it is, and a usage error in {@code run} is told in one line instead of the whole
   * help.
   *
   * <p>"As it is" includes an argument that starts with {@code @}: picocli would read {@code
   * @body.json} as a file of more arguments (so {@code kanal run -- curl -d @body.json {}} would
   * send the file's words instead) and strip one {@code @} from {@code @@x}, wherever they stand,
   * {@code --} or not. Expansion is a setting of the whole command line, so it is turned off
   * there; kanal has no argument files.
   */
  public static void addTo(CommandLine kanal) {
    addTo(kanal, null);
  }

  /** {@link #addTo(CommandLine)} with the given streams (tests). */
  public static void addTo(CommandLine kanal, RunIo io) {
    kanal.addSubcommand(new RunCommand(io));
    CommandLine run = kanal.getSubcommands().get("run");
    run.setStopAtPositional(true);
    kanal.setExpandAtFiles(false);
    IParameterExceptionHandler others = kanal.getParameterExceptionHandler();
    kanal.setParameterExceptionHandler(
        (ex, args) -> ex.getCommandLine() == run ? oneLine(ex) : others.handleParseException(ex, args));
  }

  /**
   * Runs {@code kanal run ARGS} without setting picocli up, when {@link RunArgs} can read
   * {@code args} (the arguments after {@code run}): its exit status; or null, and nothing has
   * happened, when picocli must read them ({@link #addTo}).
   *
   * @param io the streams, or null for the process's own
   */
  public static Integer runWithoutPicocli(List<String> args, RunIo io) {
    RunCommand c = RunArgs.parse(args, io);
    if (c == null) {
      return null;
    }
    return RunArgs.execute(c, io != null ? io.err() : System.err);
  }

  private static int oneLine(CommandLine.ParameterException ex) {
    // picocli 4.7 words a map option's bad value "Value for option option '--env' ...".
    String what = String.valueOf(ex.getMessage()).replace("option option '", "option '");
    ex.getCommandLine().getErr().println("kanal run: " + what + " (see kanal run --help)");
    ex.getCommandLine().getErr().flush();
    return ExitStatus.USAGE;
  }

  @Override
  public Integer call() {
    RunIo streams = io != null ? io : RunIo.system();
    Spawner spawner = Spawner.choose(System.getProperty(Run.SPAWNER));
    try {
      return new Run(settings(), streams, spawner).execute();
    } catch (UsageException e) {
      try {
        streams.err().write(("kanal run: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        streams.err().flush();
      } catch (java.io.IOException ignored) {
        // Standard error is gone: the exit status still says it.
      }
      return ExitStatus.USAGE;
    }
  }

  /**
   * Merges the config file (if any) and the flags: a flag wins over the config's field, which
   * wins over the default.
   *
   * @throws UsageException for any value that is wrong
   */
  RunSettings settings() {
    ConfigFile c = config == null ? new ConfigFile() : ConfigReader.read(config);
    int r = pick(retries, c.retries, 0);
    if (r < 0 || r > MAX_RETRIES) {
      throw new UsageException("--retries must be from 0 to " + MAX_RETRIES + ", got " + r);
    }
    List<Integer> critical = pick(criticalExitCodes, c.criticalExitCodes, List.of());
    for (int code : critical) {
      if (code < 1 || code > 255) {
        throw new UsageException("--critical-exit-codes: " + code + " is not an exit code that fails (1 to 255)");
      }
    }
    Map<String, String> vars = new LinkedHashMap<>();
    if (c.env != null) {
      vars.putAll(c.env);
    }
    if (env != null) {
      for (String name : env.keySet()) {
        if (!RunSettings.isEnvName(name)) {
          throw new UsageException("--env " + name + "=...: '" + name + "' is not a variable name (letters, digits and _)");
        }
      }
      vars.putAll(env);
    }
    // Jobs: --input wins over the config's jobs and input; the config cannot have both.
    if (c.jobs != null && c.input != null) {
      throw new UsageException(config + ": give \"jobs\" or \"input\", not both");
    }
    for (Map.Entry<String, String> v : vars.entrySet()) {
      if (v.getValue().indexOf('\0') >= 0) {
        throw new UsageException("env " + v.getKey() + ": a value cannot hold a NUL character");
      }
    }
    Path in = input != null ? input : configPath("input", c.input);
    List<JobSpec> jobs = input != null ? null : c.jobs;
    List<String> cmd = command.isEmpty() ? c.command : command;
    Path logPath = log != null ? log : configPath("log", c.log);
    Path joblogPath = joblog != null ? joblog : configPath("joblog", c.joblog);
    refuseSameFile("--input", in, "--log", logPath);
    refuseSameFile("--input", in, "--joblog", joblogPath);
    refuseSameFile("--log", logPath, "--joblog", joblogPath);
    return new RunSettings(
        pick(workers, c.workers, WorkerRange.perProcessor()),
        pick(timeout, c.timeout, null),
        pick(jobTimeout, c.jobTimeout, null),
        r,
        pick(backoff, c.backoff, Duration.ZERO),
        pick(failFast, c.failFast, false),
        critical,
        logPath,
        joblogPath,
        pick(resume, c.resume, false),
        pick(keepOrder, c.keepOrder, false),
        pick(progress, c.progress, null),
        pick(quiet, c.quiet, false),
        in,
        jobs,
        CommandTemplate.of(cmd),
        vars);
  }

  private static <T> T pick(T flag, T fromConfig, T byDefault) {
    return flag != null ? flag : fromConfig != null ? fromConfig : byDefault;
  }

  /**
   * At most a million: a retry count is an int that adds one for the first attempt, and a million
   * retries of one job is already no longer a retry policy.
   */
  static final int MAX_RETRIES = 1_000_000;

  /** A path from the config, or null; one that is not a path (a NUL in it) is a usage error. */
  private Path configPath(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new UsageException(config + ": \"" + field + "\" is not a file name: " + e.getReason());
    }
  }

  /**
   * Two of the files a run reads and writes must not be one: opening the log or the job log
   * truncates it, so an input that is also one of them would be wiped before its first line is
   * read, and a log that is also the job log would have its lines written over.
   */
  private static void refuseSameFile(String aName, Path a, String bName, Path b) {
    if (a == null || b == null) {
      return;
    }
    boolean same = a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    if (!same && Files.exists(a) && Files.exists(b)) {
      try {
        same = Files.isSameFile(a, b);
      } catch (java.io.IOException unreadable) {
        // the run's own open of either says what is wrong with it
      }
    }
    if (same) {
      throw new UsageException(
          aName + " and " + bName + " name the same file (" + a + "): give each its own");
    }
  }

  /** {@code -j N} or {@code -j MIN..MAX}. */
  static final class WorkersConverter implements ITypeConverter<WorkerRange> {
    @Override
    public WorkerRange convert(String value) {
      return parsed(value, WorkerRange::parse);
    }
  }

  /** A duration, 0 allowed ({@code --backoff}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parsed(value, Durations::parse);
    }
  }

  /** Runs a parser, turning its message into picocli's one-line "Invalid value" error. */
  private static <T> T parsed(String value, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** A duration above 0 ({@code --timeout}, {@code --job-timeout}). */
  static final class PositiveDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = new DurationConverter().convert(value);
      if (d.isZero()) {
        throw new TypeConversionException("'" + value + "': must be more than 0 (leave the option out for no limit)");
      }
      return d;
    }
  }
}

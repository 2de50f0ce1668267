package dev.kanal.cli.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code kanal run}'s arguments without picocli, when they are written in the plain forms
 * people type: that spares a run picocli's set-up, about 150 ms of start-up and 0.2 s of CPU
 * (picocli is built for Java 5, so the class-data-sharing archive cannot hold its classes, and
 * it reads {@link RunCommand}'s annotations through reflection). {@code kanal run} is started
 * once per batch of jobs, often from scripts and loops, so that is time a user waits on every
 * call.
 *
 * <p><b>Picocli stays the authority.</b> This parser fills the same fields of
 * {@link RunCommand} as picocli does and then the same {@link RunCommand#call()} runs, so it can
 * only differ in how it reads the arguments. It accepts a strict subset: each option exactly as
 * named in {@link RunCommand}, its value as the next argument or after {@code =} for long names,
 * each single-valued option at most once, values that do not start with {@code -} and that
 * convert without error, then {@code --} or the first argument that is not an option, which
 * starts the command. An argument that starts with {@code @} is an argument like any other here
 * and in picocli ({@link RunCommand#addTo} turns its argument files off). Anything else (help,
 * clustered short options, {@code -j4}, a repeated option, an unknown name, a bad value, a
 * missing one) gives null, and the caller hands the whole command line to picocli, which runs it
 * or explains the error as before. {@code RunArgsTest} checks, over a seeded random set of command lines, that
 * whatever this parser accepts, picocli parses into the same fields.
 */
final class RunArgs {
  private RunArgs() {}

  /**
   * The command {@code args} (the arguments after {@code run}) describe, or null if picocli must
   * read them.
   */
  static RunCommand parse(List<String> args, RunIo io) {
    RunCommand c = new RunCommand(io);
    Set<String> seen = new HashSet<>();
    int i = 0;
    while (i < args.size()) {
      String a = args.get(i);
      if (a.equals("--")) {
        i++;
        break;
      }
      if (!a.startsWith("-")) {
        break; // the command: everything from here on is its own
      }
      if (a.equals("-")) {
        return null;
      }
      String name = a;
      String attached = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        attached = a.substring(eq + 1);
      }
      Option o = Option.named(name);
      if (o == null || o == Option.HELP) {
        return null;
      }
      if (o.isFlag()) {
        if (attached != null || !seen.add(o.field)) {
          return null;
        }
        o.setFlag(c, !name.startsWith("--no-"));
        i++;
        continue;
      }
      String value;
      if (attached != null) {
        value = attached;
        i++;
      } else {
        if (i + 1 >= args.size()) {
          return null;
        }
        value = args.get(i + 1);
        i += 2;
      }
      if (value.isEmpty() || value.startsWith("-")) {
        return null;
      }
      if (!o.repeatable() && !seen.add(o.field)) {
        return null;
      }
      if (!o.set(c, value)) {
        return null;
      }
    }
    c.command = new ArrayList<>(args.subList(i, args.size()));
    return c;
  }

  /**
   * Runs {@code command} as picocli would execute it: its exit status; an exception that escapes
   * (a fault of kanal, never bad input) is printed with its stack trace and gives 1.
   */
  static int execute(RunCommand command, OutputStream err) {
    try {
      return command.call();
    } catch (RuntimeException e) {
      PrintStream p = new PrintStream(err, true, StandardCharsets.UTF_8);
      e.printStackTrace(p);
      p.flush();
      return 1;
    }
  }

  /** The options of {@link RunCommand}, by the names it declares. */
  private enum Option {
    HELP("help", "-h", "--help"),
    WORKERS("workers", "-j", "--workers"),
    TIMEOUT("timeout", "--timeout"),
    JOB_TIMEOUT("jobTimeout", "--job-timeout"),
    RETRIES("retries", "--retries"),
    BACKOFF("backoff", "--backoff"),
    FAIL_FAST("failFast", "--fail-fast", "--no-fail-fast"),
    CRITICAL_EXIT_CODES("criticalExitCodes", "--critical-exit-codes"),
    LOG("log", "--log"),
    JOBLOG("joblog", "--joblog"),
    RESUME("resume", "--resume", "--no-resume"),
    KEEP_ORDER("keepOrder", "-k", "--keep-order", "--no-keep-order"),
    PROGRESS("progress", "--progress", "--no-progress"),
    QUIET("quiet", "-q", "--quiet", "--no-quiet"),
    INPUT("input", "-a", "--input"),
    ENV("env", "-e", "--env"),
    CONFIG("config", "--config");

    final String field;
    final List<String> names;

    Option(String field, String... names) {
      this.field = field;
      this.names = List.of(names);
    }

    static Option named(String name) {
      for (Option o : values()) {
        if (o.names.contains(name)) {
          return o;
        }
      }
      return null;
    }

    boolean isFlag() {
      return this == FAIL_FAST || this == RESUME || this == KEEP_ORDER || this == PROGRESS || this == QUIET;
    }

    /** Options that picocli lets a command line give more than once: they add up. */
    boolean repeatable() {
      return this == CRITICAL_EXIT_CODES || this == ENV;
    }

    void setFlag(RunCommand c, boolean on) {
      switch (this) {
        case FAIL_FAST -> c.failFast = on;
        case RESUME -> c.resume = on;
        case KEEP_ORDER -> c.keepOrder = on;
        case PROGRESS -> c.progress = on;
        case QUIET -> c.quiet = on;
        default -> throw new IllegalStateException(this + " is not a flag");
      }
    }

    /** Sets the option's value; false if it does not convert (picocli then says why). */
    boolean set(RunCommand c, String v) {
      switch (this) {
        case WORKERS -> {
          WorkerRange w = converted(v, WorkerRange::parse);
          c.workers = w;
          return w != null;
        }
        case TIMEOUT -> {
          c.timeout = positive(v);
          return c.timeout != null;
        }
        case JOB_TIMEOUT -> {
          c.jobTimeout = positive(v);
          return c.jobTimeout != null;
        }
        case BACKOFF -> {
          c.backoff = converted(v, Durations::parse);
          return c.backoff != null;
        }
        case RETRIES -> {
          c.retries = integer(v);
          return c.retries != null;
        }
        case CRITICAL_EXIT_CODES -> {
          List<Integer> codes = c.criticalExitCodes == null ? new ArrayList<>() : c.criticalExitCodes;
          for (String part : v.split(",", -1)) {
            Integer code = integer(part);
            if (code == null) {
              return false;
            }
            codes.add(code);
          }
          c.criticalExitCodes = codes;
          return true;
        }
        case LOG -> {
          c.log = path(v);
          return c.log != null;
        }
        case JOBLOG -> {
          c.joblog = path(v);
          return c.joblog != null;
        }
        case INPUT -> {
          c.input = path(v);
          return c.input != null;
        }
        case CONFIG -> {
          c.config = path(v);
          return c.config != null;
        }
        case ENV -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            return false;
          }
          if (c.env == null) {
            c.env = new LinkedHashMap<>();
          }
          c.env.put(v.substring(0, eq), v.substring(eq + 1));
          return true;
        }
        default -> throw new IllegalStateException(this + " takes no value");
      }
    }
  }

  /** Plain decimal digits only: what every integer parser reads alike (no sign, no leading 0). */
  private static Integer integer(String v) {
    if (v.isEmpty() || v.length() > 9 || (v.length() > 1 && v.charAt(0) == '0')) {
      return null;
    }
    for (int k = 0; k < v.length(); k++) {
      if (v.charAt(k) < '0' || v.charAt(k) > '9') {
        return null;
      }
    }
    return Integer.valueOf(v);
  }

  private static Duration positive(String v) {
    Duration d = converted(v, Durations::parse);
    return d == null || d.isZero() ? null : d;
  }

  private static Path path(String v) {
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static <T> T converted(String v, Function<String, T> parser) {
    try {
      return parser.apply(v);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

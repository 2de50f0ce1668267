package dev.kanal.cli.run;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command a job runs, with its placeholders: {@code {}} (the job's line, or an object job
 * as JSON), {@code {#}} (the job's number) and, for object jobs, {@code {name}} (the value of
 * the field {@code name}). A command without any placeholder gets the line as its last argument,
 * as {@code xargs} and GNU {@code parallel} do. No command at all means: run each line with
 * {@code sh -c LINE}.
 *
 * <p><b>No shell.</b> The arguments are given to the program as they are, one by one
 * ({@link ProcessBuilder}), so a placeholder's value is always exactly one argument, or part of
 * one: a line such as {@code a; rm -rf x} is a harmless string, never shell code. Only the
 * no-command form runs a shell, on purpose.
 *
 * <p>The template is parsed once into segments, so expanding it for each of thousands of jobs
 * is a walk over a short list. Guarded by {@code CommandTemplateTest} and the end-to-end
 * {@code RunCommandTest}.
 */
public final class CommandTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(#|[A-Za-z_][A-Za-z0-9_.-]*)?\\}");
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  /** A piece of one argument: literal text, or what a placeholder stands for. */
  private sealed interface Segment {}

  private record Literal(String text) implements Segment {}

  private record Line() implements Segment {}

  private record Number() implements Segment {}

  /** {@code {name}}: a field of an object job; literal text for a line job. */
  private record Field(String name) implements Segment {}

  private final List<String> command;
  private final List<List<Segment>> args;
  private final Set<String> fields = new LinkedHashSet<>();
  private final boolean lineOrNumber;

  private CommandTemplate(List<String> command) {
    this.command = List.copyOf(command);
    List<List<Segment>> parsed = new ArrayList<>();
    boolean any = false;
    for (String arg : command) {
      List<Segment> segments = new ArrayList<>();
      Matcher m = PLACEHOLDER.matcher(arg);
      int at = 0;
      while (m.find()) {
        if (m.start() > at) {
          segments.add(new Literal(arg.substring(at, m.start())));
        }
        String name = m.group(1);
        if (name == null) {
          segments.add(new Line());
          any = true;
        } else if (name.equals("#")) {
          segments.add(new Number());
          any = true;
        } else {
          segments.add(new Field(name));
          fields.add(name);
        }
        at = m.end();
      }
      if (at < arg.length() || segments.isEmpty()) {
        segments.add(new Literal(arg.substring(at)));
      }
      parsed.add(List.copyOf(segments));
    }
    this.args = List.copyOf(parsed);
    this.lineOrNumber = any;
  }

  /** The template for {@code command}; an empty list means each line runs with {@code sh -c}. */
  public static CommandTemplate of(List<String> command) {
    List<String> c = command == null ? List.of() : command;
    for (String arg : c) {
      if (arg.indexOf('\0') >= 0) {
        // No process can be given one (C strings end there): refused before any job starts.
        throw new UsageException("the command's argument '" + arg.replace('\0', '?') + "' holds a NUL character");
      }
    }
    return new CommandTemplate(c);
  }

  /** True when there is no command: each line is a shell command line. */
  public boolean shell() {
    return command.isEmpty();
  }

  /** The program and its arguments for {@code job}. */
  public List<String> argv(JobSpec job) {
    if (shell()) {
      return List.of("sh", "-c", job.text());
    }
    List<String> argv = new ArrayList<>(args.size() + 1);
    StringBuilder sb = new StringBuilder();
    for (List<Segment> arg : args) {
      if (arg.size() == 1 && arg.getFirst() instanceof Literal l) {
        argv.add(l.text());
        continue;
      }
      sb.setLength(0);
      for (Segment s : arg) {
        switch (s) {
          case Literal l -> sb.append(l.text());
          case Line x -> sb.append(job.text());
          case Number x -> sb.append(job.number());
          case Field f -> {
            if (job.object()) {
              sb.append(job.fields().get(f.name()));
            } else {
              sb.append('{').append(f.name()).append('}');
            }
          }
        }
      }
      argv.add(sb.toString());
    }
    if (!lineOrNumber && !(job.object() && !fields.isEmpty())) {
      argv.add(job.text());
    }
    return argv;
  }

  /**
   * How logs show the command of {@code job}: for a shell job its line, otherwise the arguments
   * quoted as a POSIX shell would need them, so that the text can be pasted into one.
   */
  public String display(JobSpec job) {
    if (shell()) {
      return job.text();
    }
    StringBuilder sb = new StringBuilder();
    for (String a : argv(job)) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(quote(a));
    }
    return sb.toString();
  }

  /** {@code a} as one word for a POSIX shell. */
  static String quote(String a) {
    if (PLAIN.matcher(a).matches()) {
      return a;
    }
    return "'" + a.replace("'", "'\\''") + "'";
  }

  /**
   * Checks that {@code job} can fill this template: an object job needs a command, and every
   * {@code {name}} of the command must be one of its fields.
   *
   * @throws UsageException naming the job and what is missing
   */
  public void check(JobSpec job) {
    if (!job.object()) {
      return;
    }
    if (shell()) {
      throw new UsageException(
          "job " + job.number() + " is an object " + job.text() + ": jobs given as objects need a"
              + " command whose {name} placeholders use their fields, e.g. \"command\": [\"echo\","
              + " \"{name}\"]");
    }
    for (String f : fields) {
      if (!job.fields().containsKey(f)) {
        throw new UsageException(
            "job " + job.number() + " " + job.text() + " has no field '" + f + "', which the command"
                + " uses as {" + f + "}; its fields are " + job.fields().keySet());
      }
    }
  }

  /**
   * Checks that the program exists and can be run, when its name does not depend on the job
   * (otherwise each job that cannot start fails with exit code 127).
   *
   * @throws UsageException if it does not
   */
  public void checkProgram() {
    String program = shell() ? "sh" : command.getFirst();
    if (!shell() && (args.getFirst().size() != 1 || !(args.getFirst().getFirst() instanceof Literal))) {
      return;
    }
    if (program.isEmpty()) {
      throw new UsageException("the command's program name is empty");
    }
    if (program.contains("/")) {
      Path p = Path.of(program);
      if (!Files.exists(p)) {
        throw new UsageException("command not found: " + program + " (no such file)");
      }
      if (Files.isDirectory(p) || !Files.isExecutable(p)) {
        throw new UsageException("command cannot be run: " + program + " is not an executable file");
      }
      return;
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, program);
        if (Files.isExecutable(p) && !Files.isDirectory(p)) {
          return;
        }
      }
    }
    throw new UsageException("command not found: " + program + " (not in any directory of $PATH)");
  }
}

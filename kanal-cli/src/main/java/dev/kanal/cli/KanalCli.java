package dev.kanal.cli;

import dev.kanal.cli.run.RunCommand;
import dev.kanal.examples.Demo;
import dev.kanal.examples.Demos;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kanal} command. Each subcommand is its own class, added in {@link
 * #commandLine(DemoCommand)} in the order the usage lists them: {@link DemoCommand} and {@link
 * RunCommand}.
 *
 * <p>Exit codes follow picocli's conventions: 0 for success, 1 when a command fails while
 * running, 2 for a usage error (unknown option, unknown demo, missing subcommand); {@code kanal
 * run} adds its own for the ways a run can stop ({@link dev.kanal.cli.run.ExitStatus}: 3, 4, 130,
 * 141). User errors get one clear message and never a stack trace.
 */
@Command(
    name = "kanal",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Go's concurrency model for Java: channels, select, goroutines, worker pools.")
public final class KanalCli {

  /**
   * The command line, ready to {@link CommandLine#execute execute}: tests call this with their
   * own out and err writers.
   */
  public static CommandLine commandLine() {
    return commandLine(new DemoCommand());
  }

  /** The command line with {@code demo} served by the given command (tests bring their own). */
  static CommandLine commandLine(DemoCommand demo) {
    CommandLine cl = new CommandLine(new KanalCli());
    cl.addSubcommand(demo);
    UsageErrors.install(cl); // before run's, which keeps it for the other commands
    RunCommand.addTo(cl);
    cl.addSubcommand(new CommandLine.HelpCommand());
    // Everything after the demo's name goes to the demo, options included.
    cl.getSubcommands().get("demo").setStopAtPositional(true);
    return cl;
  }

  /**
   * The launcher's training run for its AOT cache (JDK 25+, see {@code kanal}): not a command, so
   * not in the help. One JVM runs the two commands whose start-up is measured against Go and
   * {@code xargs}, so that the cache holds the classes of both, linked: the worker-pools demo
   * (it started its first job at 98 ms from a cache trained on {@code kanal run} alone, at 59 ms
   * from one trained on the demo) and {@code kanal run -q -j 2 -- true} on the jobs piped in.
   */
  static final String AOT_TRAINING = "--aot-training";

  public static void main(String[] args) {
    useUtf8Output(); // first: picocli remembers the System.out it was created with
    if (args.length == 1 && args[0].equals(AOT_TRAINING)) {
      PrintWriter err =
          new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
      int demo = DemoCommand.run(Demos.find("worker-pools").orElseThrow(), new String[0], err);
      Integer run = RunCommand.runWithoutPicocli(List.of("-q", "-j", "2", "--", "true"), null);
      System.out.flush();
      System.exit(demo != 0 ? demo : run == null ? 2 : run);
    }
    if (args.length >= 2 && args[0].equals("demo") && !args[1].startsWith("-")) {
      // `kanal demo NAME ARGS...` needs no parsing (everything after NAME is the demo's), and
      // setting picocli up is about 100 ms of start-up, 5 % of the two-second worker-pools demo.
      Optional<Demo> demo = Demos.find(args[1]);
      if (demo.isPresent()) {
        PrintWriter err =
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = DemoCommand.run(demo.get(), Arrays.copyOfRange(args, 2, args.length), err);
        System.exit(code); // even when a demo leaves goroutines parked, as a Go program ends
      }
      // An unknown name goes through picocli, which says so in the usual words.
    }
    if (args.length >= 1 && args[0].equals("run")) {
      // `kanal run` in its usual forms needs no picocli, whose set-up is most of the start-up
      // time of a run (see RunArgs); help, errors and unusual forms go through picocli below.
      Integer code = RunCommand.runWithoutPicocli(Arrays.asList(args).subList(1, args.length), null);
      if (code != null) {
        System.out.flush();
        System.err.flush();
        System.exit(code);
      }
    }
    CommandLine cl = commandLine();
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    int code = cl.execute(args);
    System.out.flush();
    System.err.flush();
    // Exits even when a demo leaves goroutines parked, as a Go program ends with main.
    System.exit(code);
  }

  /**
   * Writes standard output and error in UTF-8 whatever the locale, as Go programs do: the demos
   * print French and symbols such as "→", which a JVM under {@code LANG=C} would turn into '?'.
   */
  private static void useUtf8Output() {
    if (!"UTF-8".equalsIgnoreCase(System.getProperty("stdout.encoding"))) {
      System.setOut(utf8(FileDescriptor.out));
    }
    if (!"UTF-8".equalsIgnoreCase(System.getProperty("stderr.encoding"))) {
      System.setErr(utf8(FileDescriptor.err));
    }
  }

  private static PrintStream utf8(FileDescriptor fd) {
    return new PrintStream(
        new BufferedOutputStream(new FileOutputStream(fd)), true, StandardCharsets.UTF_8);
  }
}

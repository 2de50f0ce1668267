package dev.kanal.cli;

import dev.kanal.cli.run.RunCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kanal} command as picocli sees it ({@link Main} is the entry point). Each subcommand
 * is its own class, added in {@link #commandLine(DemoCommand)} in the order the usage lists
 * them: {@link DemoCommand} and {@link RunCommand}.
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
   * Runs {@code args} through picocli with UTF-8 writers: the command's exit status. {@link
   * Main} sends here every command line it does not serve itself.
   */
  static int execute(String[] args) {
    CommandLine cl = commandLine();
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    return cl.execute(args);
  }
}

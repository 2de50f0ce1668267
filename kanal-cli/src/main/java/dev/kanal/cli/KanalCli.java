package dev.kanal.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kanal} command. Each subcommand is its own class, added in {@link
 * #commandLine(DemoCommand)} in the order the usage lists them: {@link DemoCommand} now;
 * {@code run} and {@code worker} join it there when they come.
 *
 * <p>Exit codes follow picocli's conventions: 0 for success, 1 when a command fails while
 * running, 2 for a usage error (unknown option, unknown demo, missing subcommand). User errors
 * get one clear message and never a stack trace.
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
    dev.kanal.cli.run.RunCommand.addTo(cl);
    cl.addSubcommand(new CommandLine.HelpCommand());
    // Everything after the demo's name goes to the demo, options included.
    cl.getSubcommands().get("demo").setStopAtPositional(true);
    return cl;
  }

  public static void main(String[] args) {
    useUtf8Output(); // first: picocli remembers the System.out it was created with
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

package dev.kanal.cli;

import dev.kanal.examples.Demo;
import dev.kanal.examples.Demos;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kanal demo [NAME [ARGS...]]}: runs one of the seed programs, or lists them.
 *
 * <p>The demo runs in this JVM, on this thread, printing straight to standard output as the Go
 * program does; the CLI then exits, ending any goroutine the demo left parked.
 */
@Command(
    name = "demo",
    description = {
      "Runs a seed program: the Go examples Kanal ports, in Java.",
      "Without NAME, lists the demos: each line starts with the name, then the seed."
    },
    footer = {"", "Example: kanal demo worker-pools"})
public final class DemoCommand implements Callable<Integer> {

  private final List<Demo> demos;

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The demo to run.")
  String name;

  @Parameters(
      index = "1..*",
      paramLabel = "ARGS",
      description = "Passed to the demo's main, options included.")
  List<String> args = new ArrayList<>();

  /** The command over every registered demo. */
  public DemoCommand() {
    this(Demos.ALL);
  }

  /** The command over {@code demos} (tests use their own). */
  public DemoCommand(List<Demo> demos) {
    this.demos = List.copyOf(demos);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (name == null) {
      list(out);
      return 0;
    }
    Optional<Demo> demo = demos.stream().filter(d -> d.name().equals(name)).findFirst();
    if (demo.isEmpty()) {
      err.println("kanal demo: no demo named '" + name + "'; run 'kanal demo' to list them");
      err.flush();
      return 2;
    }
    return DemoRunner.run(demo.get(), args.toArray(String[]::new), err);
  }

  private void list(PrintWriter out) {
    int width = demos.stream().mapToInt(d -> d.name().length()).max().orElse(0) + 2;
    for (Demo d : demos) {
      out.println(String.format("%-" + width + "s%s", d.name(), d.seed()).strip());
    }
    out.flush();
  }
}

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

/**
 * The entry point of {@code kanal.jar}. The usual command lines of {@code kanal demo NAME} and
 * {@code kanal run} need no parsing library, and are served here; everything else (help,
 * listings, usage errors, unusual forms) goes to picocli through {@link KanalCli}.
 *
 * <p>Why this class must never name a picocli type: picocli's classes are Java 5 bytecode,
 * which the JDK's AOT cache (JDK 25, see the {@code kanal} launcher) does not hold. Every class
 * the cache does hold is loaded and linked when the JVM starts, and linking a class whose
 * verification involves a picocli type loads that type from the jar: {@code picocli.CommandLine}
 * alone, with its nested classes, cost the worker-pools demo about 10 ms of start-up when the
 * entry point was the picocli command class. So this class, {@link DemoRunner} and what the
 * demo runs are the only classes of the CLI that the demo's cache holds, and the launcher keeps
 * one cache per command ({@code --aot-training KIND}).
 *
 * <p>Exits with the command's status even when a demo leaves goroutines parked, as a Go
 * program ends with its {@code main}.
 */
public final class Main {
  private Main() {}

  /**
   * The launcher's training run for a command's AOT cache (JDK 25+, see {@code kanal}): not a
   * command, so not in the help. {@code --aot-training demo} runs the worker-pools demo,
   * {@code --aot-training run} runs {@code kanal run -q -j 2 -- true} on the jobs piped in: the
   * two command lines whose start-up is measured against Go and {@code xargs}.
   */
  static final String AOT_TRAINING = "--aot-training";

  public static void main(String[] args) {
    useUtf8Output(); // first: picocli remembers the System.out it was created with
    if (args.length == 2 && args[0].equals(AOT_TRAINING)) {
      System.exit(train(args[1]));
    }
    if (args.length >= 2 && args[0].equals("demo") && !args[1].startsWith("-")) {
      // Everything after NAME is the demo's. An unknown name goes through picocli, which says
      // so in the usual words.
      Optional<Demo> demo = Demos.find(args[1]);
      if (demo.isPresent()) {
        System.exit(DemoRunner.run(demo.get(), Arrays.copyOfRange(args, 2, args.length), err()));
      }
    }
    if (args.length >= 1 && args[0].equals("run")) {
      // null: an option this fast path does not know, help, or an error; picocli says it.
      Integer code = RunCommand.runWithoutPicocli(Arrays.asList(args).subList(1, args.length), null);
      if (code != null) {
        exit(code);
      }
    }
    exit(KanalCli.execute(args));
  }

  private static int train(String kind) {
    switch (kind) {
      case "demo":
        return DemoRunner.run(Demos.find("worker-pools").orElseThrow(), new String[0], err());
      case "run":
        Integer run = RunCommand.runWithoutPicocli(List.of("-q", "-j", "2", "--", "true"), null);
        return run == null ? 2 : run;
      default:
        err().println("kanal " + AOT_TRAINING + ": unknown kind '" + kind + "' (demo or run)");
        return 2;
    }
  }

  private static void exit(int code) {
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  private static PrintWriter err() {
    return new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
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

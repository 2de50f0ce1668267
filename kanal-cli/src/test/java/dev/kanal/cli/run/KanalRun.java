package dev.kanal.cli.run;

import dev.kanal.cli.KanalCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code kanal run ...} in this JVM as the {@code kanal} command does (without picocli
 * when {@link RunArgs} can read the arguments, else through picocli), with its own standard
 * input, output and error; and what it did.
 */
final class KanalRun {
  private KanalRun() {}

  /** How a run ended: its exit status, what it printed, and how long it took. */
  record Result(int exit, String out, String err, Duration took) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }

    /** The summary line on standard error. */
    String summary() {
      return errLines().stream()
          .filter(l -> l.contains(" succeeded, "))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no summary in:\n" + err));
    }

    @Override
    public String toString() {
      return "exit " + exit + " in " + took.toMillis() + "ms\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  static Result run(String stdin, String... args) {
    return run(stdin, new ByteArrayOutputStream(), args);
  }

  /** With {@code out} as standard output (a test may give a broken one). */
  static Result run(String stdin, OutputStream out, String... args) {
    return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, args);
  }

  /** With {@code in} as standard input (a test may give one that never ends). */
  static Result run(InputStream in, OutputStream out, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RunIo io = new RunIo(in, out, err, false, false);
    CommandLine cl = new CommandLine(new KanalCli());
    RunCommand.addTo(cl, io);
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    String[] argv = new String[args.length + 1];
    argv[0] = "run";
    System.arraycopy(args, 0, argv, 1, args.length);
    long t0 = System.nanoTime();
    // As the kanal command does: without picocli when the arguments allow, else through it.
    Integer fast = RunCommand.runWithoutPicocli(List.of(args), io);
    int code = fast != null ? fast : cl.execute(argv);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    String o = out instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : "";
    return new Result(code, o, err.toString(StandardCharsets.UTF_8), took);
  }

  /** Lines joined by newlines, ending with one: a stdin. */
  static String lines(String... lines) {
    return lines.length == 0 ? "" : String.join("\n", lines) + "\n";
  }
}

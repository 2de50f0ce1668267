package dev.kanal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.examples.Demo;
import dev.kanal.examples.Demos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code kanal} and {@code kanal demo}, run through picocli with captured output. */
class KanalCliTest {

  /** What a command printed and how it ended. */
  record Run(int exitCode, String out, String err, String demoOut) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  private static Run execute(Supplier<CommandLine> cli, String... args) {
    // Demos print on System.out, as the Go programs print on os.Stdout.
    PrintStream systemOut = System.out;
    ByteArrayOutputStream demoOut = new ByteArrayOutputStream();
    System.setOut(new PrintStream(demoOut, true, StandardCharsets.UTF_8));
    int code;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      // Made after System.out is swapped: picocli's default execution strategy remembers the
      // System.out of its creation and, if that differs later, replaces the writer set here.
      CommandLine cl = cli.get();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      code = cl.execute(args);
    } finally {
      System.setOut(systemOut);
    }
    return new Run(code, out.toString(), err.toString(), demoOut.toString(StandardCharsets.UTF_8));
  }

  private static Run kanal(String... args) {
    return execute(KanalCli::commandLine, args);
  }

  private static void assertNoStackTrace(Run r) {
    assertThat(r.err()).doesNotContain("Exception").doesNotContainPattern("\\n\\s+at ");
  }

  @Test
  void demoWithoutANameListsEveryDemoOnePerLineNameFirstThenSeed() {
    Run r = kanal("demo");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.outLines();
    assertThat(lines).hasSize(Demos.ALL.size());
    for (int i = 0; i < lines.size(); i++) {
      Demo d = Demos.ALL.get(i);
      assertThat(lines.get(i)).startsWith(d.name() + " ").endsWith(d.seed());
      assertThat(lines.get(i).substring(d.name().length()).strip()).isEqualTo(d.seed());
    }
    assertThat(lines.getFirst()).startsWith("worker-pools ").contains("000");
  }

  @Test
  void demoWithANameRunsIt() {
    Run r = kanal("demo", "channels");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.demoOut().lines()).containsExactly("ping");
  }

  @Test
  void everythingAfterTheNameGoesToTheDemoOptionsIncluded() {
    String[][] seen = new String[1][];
    Demo echo = new Demo("echo", "999 test", List.of("A", "B", "C"), args -> seen[0] = args);
    Run r = execute(() -> cliWith(echo), "demo", "echo", "a", "--verbose", "-x");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(seen[0]).containsExactly("a", "--verbose", "-x");
  }

  @Test
  void anArgumentTheDemoDoesNotReadGetsOneClearLineAndExitCode2() {
    Run none = kanal("demo", "worker-pools", "--bogus");

    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo("kanal demo worker-pools: unexpected argument '--bogus' (it takes none)\n");
    assertThat(none.demoOut()).as("the demo did not run").isEmpty();

    Run tooMany = kanal("demo", "runner", "1s", "1s", "extra");

    assertThat(tooMany.exitCode()).isEqualTo(2);
    assertThat(tooMany.err())
        .isEqualTo(
            "kanal demo runner: unexpected argument 'extra' (it takes at most: TIMEOUT UNIT)\n");
    assertThat(tooMany.demoOut()).isEmpty();
  }

  @Test
  void anUnknownDemoGetsOneClearLineAndExitCode2() {
    Run r = kanal("demo", "x");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("kanal demo: no demo named 'x'; run 'kanal demo' to list them\n");
    assertThat(r.out()).isEmpty();
    assertThat(r.demoOut()).isEmpty();
  }

  @Test
  void aDemoThatThrowsFailsWithExitCode1AndSaysWhich() {
    Demo boom =
        new Demo(
            "boom",
            "999 test",
            args -> {
              throw new IllegalStateException("kaboom");
            });
    Run r = execute(() -> cliWith(boom), "demo", "boom");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("kanal demo boom: the demo failed: ").contains("kaboom");
  }

  @Test
  void helpShowsTheUsageAndTheDemoSubcommand() {
    Run r = kanal("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: kanal").contains("demo").contains("--version");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void demoHelpShowsTheDemoUsage() {
    Run r = kanal("demo", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: kanal demo").contains("NAME").contains("ARGS");
  }

  @Test
  void helpSubcommandShowsTheDemoUsage() {
    Run r = kanal("help", "demo");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: kanal demo");
  }

  @Test
  void versionNamesKanalsVersionAndTheJavaRuntime() {
    Run r = kanal("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines().getFirst()).matches("kanal \\d+\\.\\d+\\.\\d+.*");
    assertThat(r.out()).contains("Java " + Runtime.version().feature());
  }

  @Test
  void anUnknownOptionIsOneLineWithoutAStackTrace() {
    Run r = kanal("--bogus");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("kanal: unknown option '--bogus'; see kanal --help\n");
  }

  @Test
  void anUnknownOptionOfTheDemoCommandIsOneLine() {
    Run r = kanal("demo", "--bogus");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("kanal demo: unknown option '--bogus'; see kanal demo --help\n");
  }

  @Test
  void noSubcommandIsAUsageErrorWithTheUsage() {
    Run r = kanal();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required subcommand").contains("Usage: kanal");
    assertNoStackTrace(r);
  }

  @Test
  void anUnknownCommandIsOneLineThatGuessesATypo() {
    Run typo = kanal("dmeo");
    Run bogus = kanal("bogus", "x");

    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).isEqualTo(
        "kanal: no command named 'dmeo'; did you mean 'demo'? (commands: demo, run, help); see kanal --help\n");
    assertThat(bogus.exitCode()).isEqualTo(2);
    assertThat(bogus.err()).isEqualTo(
        "kanal: no command named 'bogus' (commands: demo, run, help); see kanal --help\n");
  }

  /** The CLI over a registry of its own instead of {@link Demos#ALL}. */
  private static CommandLine cliWith(Demo... demos) {
    return KanalCli.commandLine(new DemoCommand(List.of(demos)));
  }
}

package dev.kanal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's entry point as its own process ({@code java -cp <test class path>
 * dev.kanal.cli.Main}): the fast paths that exit the JVM, and what they must not load.
 */
class MainTest {

  @TempDir Path dir;

  record Exit(int code, String out, String err, List<String> loaded) {}

  private Exit main(String... args) throws IOException, InterruptedException {
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Path classes = dir.resolve("classes");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-Xlog:class+load=info:file=" + classes + "::", "-cp",
        System.getProperty("java.class.path"), "dev.kanal.cli.Main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Main " + String.join(" ", args) + " did not end within 60 s");
    }
    return new Exit(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        Files.readAllLines(classes, StandardCharsets.UTF_8));
  }

  /**
   * The launcher's start-up cache for {@code kanal demo} holds what this path loads, and the JVM
   * links all of it at every start: a picocli class here would bring picocli's (Java 5, so
   * never cached) {@code CommandLine} back into every demo's start, about 10 ms.
   */
  @Test
  void aDemoRunsWithoutLoadingPicocliOrTheCommandClasses() throws Exception {
    Exit e = main("demo", "channels");

    assertThat(e.code()).isZero();
    assertThat(e.out()).isEqualTo("ping\n");
    assertThat(e.err()).isEmpty();
    assertThat(e.loaded()).as("classes loaded").anyMatch(l -> l.contains("dev.kanal.cli.Main "));
    assertThat(e.loaded())
        .noneMatch(l -> l.contains("picocli."))
        .noneMatch(l -> l.contains("dev.kanal.cli.KanalCli "))
        .noneMatch(l -> l.contains("dev.kanal.cli.DemoCommand "))
        .noneMatch(l -> l.contains("dev.kanal.cli.run."));
  }

  @Test
  void anArgumentTheDemoDoesNotReadGetsOneLineAndExitCode2OnTheFastPathToo() throws Exception {
    Exit e = main("demo", "worker-pools", "--bogus");

    assertThat(e.code()).isEqualTo(2);
    assertThat(e.out()).isEmpty();
    assertThat(e.err())
        .isEqualTo("kanal demo worker-pools: unexpected argument '--bogus' (it takes none)\n");
  }

  @Test
  void anUnknownDemoGoesThroughPicocliWhichSaysSoInOneLine() throws Exception {
    Exit e = main("demo", "no-such-demo");

    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err())
        .isEqualTo("kanal demo: no demo named 'no-such-demo'; run 'kanal demo' to list them\n");
  }

  @Test
  void anUnknownTrainingKindIsRefusedInOneLine() throws Exception {
    Exit e = main("--aot-training", "bogus");

    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).isEqualTo("kanal --aot-training: unknown kind 'bogus' (demo or run)\n");
  }
}

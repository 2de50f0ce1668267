package dev.kanal.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code kanal} as its own process, {@code java -cp <test class path> dev.kanal.cli.Main},
 * for what cannot happen inside the test JVM: signals sent to kanal, and kanal being killed.
 * Its standard output and error go to files in {@code dir}, read at any time.
 */
final class KanalProcess implements AutoCloseable {
  /** A hung process is killed after this, so a broken test never hangs the build. */
  private static final Duration HARD_LIMIT = Duration.ofSeconds(60);

  private final Process process;
  private final Path out;
  private final Path err;

  private KanalProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static KanalProcess start(Path dir, String... args) throws IOException {
    return start(dir, List.of(), args);
  }

  /** With {@code jvmOptions} ({@code -Dname=value}...) for kanal's JVM. */
  static KanalProcess start(Path dir, List<String> jvmOptions, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // As the launcher runs the jar, whose manifest enables native access (kanal run's NativeSpawner).
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.kanal.cli.Main"));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("kanal.out");
    Path err = dir.resolve("kanal.err");
    Process p = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    return new KanalProcess(p, out, err);
  }

  long pid() {
    return process.pid();
  }

  /** Sends {@code signal} (INT, TERM, KILL) to kanal only, not to its jobs. */
  void signal(String signal) throws IOException, InterruptedException {
    int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (rc != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + rc);
    }
  }

  /** Waits for kanal to end; its exit status. */
  int waitFor() throws InterruptedException {
    if (!process.waitFor(HARD_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("kanal did not end within " + HARD_LIMIT + "; err:\n" + err());
    }
    return process.exitValue();
  }

  String out() {
    return read(out);
  }

  String err() {
    return read(err);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}

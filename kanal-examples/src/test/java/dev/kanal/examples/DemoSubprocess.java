package dev.kanal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a demo's {@code main} in a separate JVM (the test's own {@code java} and class path),
 * the way a user runs it, and records every line it prints with the time it arrived.
 */
public final class DemoSubprocess implements AutoCloseable {

  /** A line of output and when the test received it ({@link System#nanoTime()}). */
  public record Line(String text, long nanos) {}

  private static final Boolean ENV_CAN_RESET_SIGNALS = probeEnvDefaultSignal();

  private final Process process;
  private final long startNanos = System.nanoTime();
  private final List<Line> out = new ArrayList<>();
  private final List<Line> err = new ArrayList<>();
  private final Thread outReader;
  private final Thread errReader;

  private DemoSubprocess(Process process) {
    this.process = process;
    this.outReader = reader(process.getInputStream(), out);
    this.errReader = reader(process.getErrorStream(), err);
  }

  /** Starts {@code main} with {@code args}, in {@code dir} (or here if null), with {@code env} added. */
  public static DemoSubprocess start(Class<?> main, Path dir, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    if (ENV_CAN_RESET_SIGNALS) {
      // A JVM started with SIGINT ignored (a background job of a script, some CI runners)
      // keeps it ignored and never runs a SIGINT handler; give the demo the default back.
      cmd.addAll(List.of("env", "--default-signal=INT"));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Dstdout.encoding=UTF-8",
            "-Dstderr.encoding=UTF-8",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().putAll(env);
    try {
      return new DemoSubprocess(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #start(Class, Path, Map, String...)} here, with the test's environment. */
  public static DemoSubprocess start(Class<?> main, String... args) {
    return start(main, null, Map.of(), args);
  }

  /** Waits (at most {@code timeout}) for the demo to end, and returns its exit status. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail("the demo did not end within %s; it printed:%n%s%n%s", timeout, stdout(), stderr());
      }
      outReader.join(Duration.ofSeconds(10));
      errReader.join(Duration.ofSeconds(10));
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until standard error has a line that matches, and returns it. */
  public Line awaitStderr(Predicate<String> matches, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> stderrLines().stream().anyMatch(l -> matches.test(l.text())));
    return stderrLines().stream().filter(l -> matches.test(l.text())).findFirst().orElseThrow();
  }

  /** Sends SIGINT (Ctrl-C) to the demo's JVM. */
  public void interrupt() {
    long pid =
        process.descendants().findFirst().map(ProcessHandle::pid).orElse(process.pid());
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).as("kill -INT %d", pid).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * True when the demo's JVM ignores SIGINT (inherited, and no {@code env --default-signal}
   * here to reset it): then no Ctrl-C can reach it. Linux only; false elsewhere.
   */
  public boolean ignoresSigint() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return false;
  }

  /** When the demo was started ({@link System#nanoTime()}). */
  public long startNanos() {
    return startNanos;
  }

  public List<String> stdout() {
    return texts(out);
  }

  public List<String> stderr() {
    return texts(err);
  }

  public List<Line> stderrLines() {
    synchronized (err) {
      return List.copyOf(err);
    }
  }

  /** Standard error without the date and time Go's {@code log} puts first. */
  public List<String> logged() {
    return stderr().stream().map(l -> l.replaceFirst("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d ", "")).toList();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static List<String> texts(List<Line> lines) {
    synchronized (lines) {
      return lines.stream().map(Line::text).toList();
    }
  }

  private static Thread reader(InputStream in, List<Line> into) {
    return Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (into) {
                    into.add(new Line(line, System.nanoTime()));
                  }
                }
              } catch (IOException e) {
                // the process was destroyed
              }
            });
  }

  private static boolean probeEnvDefaultSignal() {
    try {
      Process p = new ProcessBuilder("env", "--default-signal=INT", "true").start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

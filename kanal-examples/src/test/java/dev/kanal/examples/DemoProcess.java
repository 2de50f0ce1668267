package dev.kanal.examples;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs a demo's {@code main} in its own JVM, as {@code java -cp <test class path> MainClass}
 * would, and records what it printed, when, and how it ended.
 *
 * <p>A demo is a whole program: it may leave goroutines parked when {@code main} returns (as the
 * Go originals do) and ends with the JVM, so it cannot run inside the test JVM. Each run has a
 * hard time limit: a demo that hangs is killed and reported, never waited on forever.
 *
 * <p>Runs are started ahead ({@link #start}) so that a test class can launch all its demos at
 * once; at most {@link #MAX_CONCURRENT} JVMs run at a time, which keeps the suite fast without
 * swamping a small machine. Each class is run once per test JVM; later calls share the result.
 */
public final class DemoProcess {
  private DemoProcess() {}

  /** How long any demo may take before it is killed: far above the slowest (about 4 s). */
  public static final Duration HARD_LIMIT = Duration.ofSeconds(60);

  private static final int MAX_CONCURRENT = 4;
  private static final Semaphore SLOTS = new Semaphore(MAX_CONCURRENT);
  private static final ExecutorService LAUNCHER = Executors.newVirtualThreadPerTaskExecutor();
  private static final Map<Class<?>, CompletableFuture<Result>> RUNS = new ConcurrentHashMap<>();

  /** One line of standard output and when the test read it ({@link System#nanoTime()}). */
  public record Line(String text, long atNanos) {}

  /**
   * How a run ended.
   *
   * @param exitCode the process's exit status
   * @param out the lines of standard output, in order, with the time each was read
   * @param err everything written to standard error
   * @param endedAtNanos when the process was seen to exit ({@link System#nanoTime()})
   */
  public record Result(int exitCode, List<Line> out, String err, long endedAtNanos) {

    /** The standard output lines, without their times. */
    public List<String> lines() {
      return out.stream().map(Line::text).toList();
    }

    /** Time from the first line of output to the exit of the process: the program's own run. */
    public Duration fromFirstLineToExit() {
      return Duration.ofNanos(endedAtNanos - out.getFirst().atNanos());
    }

    /** Time between the first line equal to {@code a} and the first line equal to {@code b}. */
    public Duration between(String a, String b) {
      return Duration.ofNanos(at(b) - at(a));
    }

    private long at(String text) {
      return out.stream()
          .filter(l -> l.text().equals(text))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no line '" + text + "' in " + lines()))
          .atNanos();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + ", stdout " + lines() + ", stderr [" + err + "]";
    }
  }

  /** Starts running {@code mainClass} (if not already started) and returns the future result. */
  public static CompletableFuture<Result> start(Class<?> mainClass) {
    return RUNS.computeIfAbsent(
        mainClass, c -> CompletableFuture.supplyAsync(() -> runLimited(c), LAUNCHER));
  }

  /** Runs {@code mainClass} (or joins the run already started) and returns how it ended. */
  public static Result run(Class<?> mainClass) {
    return start(mainClass).join();
  }

  /** Runs {@code mainClass} with {@code args} (a run of its own, not shared) and how it ended. */
  public static Result run(Class<?> mainClass, String... args) {
    return runLimited(mainClass, args);
  }

  private static Result runLimited(Class<?> mainClass, String... args) {
    SLOTS.acquireUninterruptibly();
    try {
      return exec(mainClass, args);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a JVM for " + mainClass.getName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + mainClass.getName(), e);
    } finally {
      SLOTS.release();
    }
  }

  private static Result exec(Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(
        List.of(
            java,
            "-Dstdout.encoding=UTF-8",
            "-Dstderr.encoding=UTF-8",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-Xshare:auto",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close(); // no demo reads standard input
    List<Line> out = new ArrayList<>();
    CompletableFuture<Void> outDone =
        CompletableFuture.runAsync(() -> readLines(p.getInputStream(), out), LAUNCHER);
    CompletableFuture<String> errDone =
        CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), LAUNCHER);
    boolean exited = p.waitFor(HARD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    long endedAt = System.nanoTime();
    if (!exited) {
      p.destroyForcibly().waitFor();
      outDone.join();
      synchronized (out) {
        throw new AssertionError(
            mainClass.getName()
                + " did not end within "
                + HARD_LIMIT.toSeconds()
                + " s and was killed; its output: "
                + out.stream().map(Line::text).toList()
                + ", stderr: "
                + errDone.join());
      }
    }
    outDone.join();
    synchronized (out) {
      return new Result(p.exitValue(), List.copyOf(out), errDone.join(), endedAt);
    }
  }

  private static void readLines(InputStream in, List<Line> into) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String s; (s = r.readLine()) != null; ) {
        long at = System.nanoTime();
        synchronized (into) {
          into.add(new Line(s, at));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

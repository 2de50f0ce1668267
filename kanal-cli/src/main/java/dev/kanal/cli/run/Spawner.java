package dev.kanal.cli.run;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs one attempt of a job as a process, without a shell, and captures everything it prints.
 *
 * <p>The contract, for every implementation: the program gets exactly {@code argv} (no shell
 * parses it), standard input from {@code /dev/null} (a job must not eat the lines kanal reads),
 * kanal's environment plus {@code env}, kanal's working directory; its standard output and
 * error are captured whole, to be printed in one piece when the attempt ends. The calling
 * thread waits, and an interrupt stops the attempt: the whole process tree is killed
 * ({@link RunningProcesses#killTree}), the result says {@link AttemptResult#KILLED} and carries
 * what was printed until then, and the thread's interrupt status is set again. A program that
 * cannot be started gives {@link AttemptResult#CANNOT_START} (127) with the reason on its
 * standard error. While it runs, the process is in {@code running}.
 *
 * <p>Two implementations: {@link JdkSpawner} ({@link ProcessBuilder}, anywhere) and
 * {@code NativeSpawner} ({@code posix_spawn} through the Foreign Function API, on Linux with a
 * JDK 22 or newer), which costs half the CPU per job: the JDK starts each process through its
 * {@code jspawnhelper}, two {@code exec}s per job where {@code xargs} has one. That is what puts
 * {@code kanal run} near {@code xargs} on short jobs. {@code NativeSpawner} is compiled for Java
 * 22 (src/main/java22) and looked up by name, so this module still runs on JDK 21.
 */
interface Spawner {

  /** Runs {@code argv}; see the class comment for the contract. */
  AttemptResult run(List<String> argv, Map<String, String> env, RunningProcesses running);

  /** {@code "native"} or {@code "jdk"}. */
  String name();

  /**
   * The spawner to use: {@code wanted} ({@code "jdk"}, {@code "native"}, or null for the best
   * one available: native where it can run, else the JDK's). A native spawner that cannot run
   * here (not Linux, JDK 21, native access not enabled, a libc without
   * {@code posix_spawn_file_actions_addclosefrom_np}) falls back to the JDK's, silently.
   */
  static Spawner choose(String wanted) {
    if (!"jdk".equals(wanted)) {
      Spawner s = Native.INSTANCE;
      if (s != null) {
        return s;
      }
    }
    return JdkSpawner.INSTANCE;
  }

  /** The result for a program that could not be started. */
  static AttemptResult cannotStart(List<String> argv, String reason, Instant start, Duration ran) {
    String why = "kanal run: cannot run " + argv.getFirst() + ": " + reason + "\n";
    return new AttemptResult(
        AttemptResult.CANNOT_START, new byte[0], why.getBytes(StandardCharsets.UTF_8), start, ran);
  }

  /** The native spawner, made once, if it can run here. */
  final class Native {
    private Native() {}

    static final Spawner INSTANCE = load();

    private static Spawner load() {
      if (Runtime.version().feature() < 22) {
        return null;
      }
      try {
        Object s = Class.forName("dev.kanal.cli.run.NativeSpawner").getMethod("create").invoke(null);
        return (Spawner) s;
      } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
        return null;
      }
    }
  }
}

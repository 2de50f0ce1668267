package dev.kanal.cli.run;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one attempt of a job as a process, without a shell, and captures everything it prints.
 *
 * <p>The contract, for every implementation: the program gets exactly {@code argv} (no shell
 * parses it), standard input from {@code /dev/null} (a job must not eat the lines kanal reads),
 * kanal's environment plus {@code env}, kanal's working directory; its standard output and
 * error are captured whole, in {@code captures} (in memory, or past its budget in a file), to
 * be printed in one piece when the attempt ends; the result's captures are ended. The calling
 * thread waits, and an interrupt stops the attempt (the native spawner sees it within 2 ms, the
 * longest it blocks in a native call on the caller's thread): the whole process tree is killed
 * ({@link RunningProcesses#killTree}), the result says {@link AttemptResult#KILLED} and carries
 * what was printed until then, and the thread's interrupt status is set again. A program that
 * cannot be started gives {@link AttemptResult#CANNOT_START} (127, not found) or
 * {@link AttemptResult#CANNOT_EXECUTE} (126, found but not runnable) with the reason on its
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
  AttemptResult run(List<String> argv, Map<String, String> env, RunningProcesses running, CaptureStore captures);

  /** {@code "native"} or {@code "jdk"}. */
  String name();

  /**
   * The spawner to use: {@code "jdk"}; {@code "native"} (waiting for it to be ready, or the
   * JDK's where it cannot run: not Linux, JDK 21, native access not enabled, a libc without
   * {@code posix_spawn_file_actions_addclosefrom_np}); or null for the best one: the JDK's for
   * the first job, then the native spawner, made ready in the background from the second job
   * on, the JDK's standing in until it is. Making it ready costs about 0.2 s of CPU (the
   * Foreign Function API's first downcall handles): a run of one job, the most common call
   * from a script, never pays it, and a longer one does not wait for it.
   */
  static Spawner choose(String wanted) {
    if ("jdk".equals(wanted)) {
      return JdkSpawner.INSTANCE;
    }
    if ("native".equals(wanted)) {
      Spawner s = Native.start().join();
      return s != null ? s : JdkSpawner.INSTANCE;
    }
    if (Native.READY.isDone() && Native.READY.join() == null) {
      return JdkSpawner.INSTANCE;
    }
    return new Switching();
  }

  /**
   * The result for a program that could not be started: 127 if it was not found, else 126
   * (argument list too long, permission denied...), as a shell says.
   */
  static AttemptResult cannotStart(
      List<String> argv, String reason, int exitCode, Instant start, Duration ran, CaptureStore captures) {
    byte[] why = ("kanal run: cannot run " + argv.getFirst() + ": " + reason + "\n").getBytes(StandardCharsets.UTF_8);
    Capture out = captures.newCapture();
    Capture err = captures.newCapture();
    err.write(why, 0, why.length);
    out.end();
    err.end();
    return new AttemptResult(exitCode, out, err, start, ran);
  }

  /**
   * The JDK's spawner until the native one is ready, then the native one; the second job
   * starts making it ready.
   */
  final class Switching implements Spawner {
    private final AtomicInteger jobs = new AtomicInteger();

    private Spawner current() {
      Spawner s = Native.READY.getNow(null);
      return s != null ? s : JdkSpawner.INSTANCE;
    }

    @Override
    public AttemptResult run(
        List<String> argv, Map<String, String> env, RunningProcesses running, CaptureStore captures) {
      Spawner s = Native.READY.getNow(null);
      if (s == null) {
        if (jobs.get() < 2 && jobs.incrementAndGet() == 2) {
          Native.start();
        }
        s = JdkSpawner.INSTANCE;
      }
      return s.run(argv, env, running, captures);
    }

    @Override
    public String name() {
      return current().name();
    }
  }

  /** The native spawner, made once, on a background thread; completes with null where it cannot run. */
  final class Native {
    private Native() {}

    static final CompletableFuture<Spawner> READY = new CompletableFuture<>();
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Starts making the native spawner ready, the first time; {@link #READY}. */
    static CompletableFuture<Spawner> start() {
      if (STARTED.compareAndSet(false, true)) {
        if (Runtime.version().feature() < 22) {
          READY.complete(null);
        } else {
          Thread t = new Thread(() -> READY.complete(load()), "kanal-native-spawner");
          t.setDaemon(true);
          t.start();
        }
      }
      return READY;
    }

    private static Spawner load() {
      try {
        return (Spawner) Class.forName("dev.kanal.cli.run.NativeSpawner").getMethod("create").invoke(null);
      } catch (ReflectiveOperationException | LinkageError | RuntimeException unavailable) {
        return null;
      }
    }
  }
}

package dev.kanal.cli.run;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The portable {@link Spawner}: {@link ProcessBuilder}, on any JDK 21+ and any system. It costs
 * more CPU per process than the native spawner (see {@link Spawner}), because the JDK starts
 * each process through its {@code jspawnhelper}: two {@code exec}s per job.
 *
 * <p>The program is started directly (no shell), with standard input from {@code /dev/null}
 * (the jobs' lines come from kanal's own standard input, which a job must not eat), and
 * standard output and error each read whole by a virtual thread into a {@link Capture}: kanal
 * prints them only when the attempt is over, in one piece, so the output of two jobs never
 * mixes.
 *
 * <p><b>Stopping.</b> The caller's thread waits in {@link Process#waitFor()}, which an interrupt
 * ends: that is how the worker pool stops a job (its per-job timeout, the global timeout,
 * fail-fast, a second Ctrl-C all interrupt the job's worker). Then the whole process tree is
 * killed ({@link RunningProcesses#killTree}): a {@code sh -c} job's children die with it
 * instead of running on unseen, and their end closes the pipes, so the readers finish. The
 * result says {@link AttemptResult#KILLED}, carries what was printed until then, and the
 * thread's interrupt status is set again for the pool to see.
 */
final class JdkSpawner implements Spawner {
  static final JdkSpawner INSTANCE = new JdkSpawner();

  private JdkSpawner() {}

  private static final File NO_INPUT = new File("/dev/null");
  /** How long to wait for a killed process and its pipes: only a stuck kernel takes longer. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(5);

  @Override
  public String name() {
    return "jdk";
  }

  @Override
  public AttemptResult run(
      List<String> argv, Map<String, String> env, RunningProcesses running, CaptureStore captures) {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(argv);
    if (NO_INPUT.exists()) {
      pb.redirectInput(NO_INPUT);
    }
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException | RuntimeException e) {
      return Spawner.cannotStart(argv, reason(e), AttemptResult.cannotStartCode(errno(e)), start, since(t0), captures);
    }
    running.add(p.pid());
    try {
      if (!NO_INPUT.exists()) {
        closeQuietly(p.getOutputStream());
      }
      Drain out = Drain.start(p.getInputStream(), captures.newCapture(), "out");
      Drain err = Drain.start(p.getErrorStream(), captures.newCapture(), "err");
      try {
        int code = p.waitFor();
        Capture o = out.await();
        Capture e = err.await();
        return new AttemptResult(code, o, e, start, since(t0));
      } catch (InterruptedException stop) {
        RunningProcesses.killTree(p.toHandle());
        awaitUninterruptibly(p, out, err);
        Thread.currentThread().interrupt(); // restored for the pool, which asked for the stop
        return new AttemptResult(AttemptResult.KILLED, out.soFar(), err.soFar(), start, since(t0));
      }
    } finally {
      running.remove(p.pid());
    }
  }

  /**
   * Waits (bounded) for a killed process and its readers. An interrupt meanwhile only repeats
   * the stop already under way; the caller restores the status afterwards.
   */
  private static void awaitUninterruptibly(Process p, Drain out, Drain err) {
    long deadline = System.nanoTime() + AFTER_KILL.toNanos();
    for (Object w : new Object[] {p, out, err}) {
      while (true) {
        long left = deadline - System.nanoTime();
        try {
          if (left > 0) {
            if (w instanceof Process proc) {
              proc.waitFor(left, TimeUnit.NANOSECONDS);
            } else {
              ((Drain) w).thread.join(Duration.ofNanos(left));
            }
          }
          break;
        } catch (InterruptedException e) {
          continue; // keep waiting: the process is being killed already
        }
      }
    }
  }

  /**
   * The system's reason, without Java's wording around it: JDK 21 says {@code Cannot run program
   * "x": error=2, No such file or directory}, JDK 25 {@code ...: Exec failed, error: 2 (No such
   * file or directory)}.
   */
  static String reason(Exception e) {
    String m = String.valueOf(e.getMessage()).strip();
    Matcher paren = Pattern.compile("\\(([^()]+)\\)$").matcher(m);
    if (paren.find()) {
      return paren.group(1);
    }
    int comma = m.lastIndexOf(", ");
    return m.contains("error=") && comma >= 0 ? m.substring(comma + 2) : m;
  }

  /**
   * The error number in the JDK's message ({@code error=2, ...} on JDK 21, {@code error: 2 (...)}
   * on JDK 25), or 0 if there is none: a start that failed in Java, not in the system.
   */
  static int errno(Exception e) {
    Matcher m = Pattern.compile("error[=:] ?(\\d+)").matcher(String.valueOf(e.getMessage()));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private static void closeQuietly(java.io.OutputStream s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // the process may already be gone: nothing to tell it anyway
    }
  }

  /** Reads one of the process's output streams to its end on a virtual thread. */
  private static final class Drain implements Runnable {
    private final InputStream in;
    // Capture's methods are synchronized: soFar() may end it while run() writes.
    private final Capture buf;
    private Thread thread;

    private Drain(InputStream in, Capture buf) {
      this.in = in;
      this.buf = buf;
    }

    static Drain start(InputStream in, Capture buf, String which) {
      Drain d = new Drain(in, buf);
      d.thread = Thread.ofVirtual().name("kanal-job-" + which).start(d);
      return d;
    }

    @Override
    public void run() {
      byte[] b = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(b)) > 0) {
          buf.write(b, 0, n);
        }
      } catch (IOException e) {
        // The pipe broke (the process was killed): what was read is what there is.
      }
    }

    /** Everything, once the stream has ended. */
    Capture await() throws InterruptedException {
      thread.join();
      buf.end();
      return buf;
    }

    /**
     * What was read until now, ended: a reader still running (something still holds the pipe
     * after the kill) has its later reads dropped, as they come after the attempt's result.
     */
    Capture soFar() {
      buf.end();
      return buf;
    }
  }
}

package dev.kanal.cli.run;

import dev.kanal.pool.JobTimeoutException;
import dev.kanal.pool.PoolEvent;
import dev.kanal.pool.PoolListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The log of a run ({@code --log FILE}): every attempt's start, every result and every error,
 * with what the job printed, in the spirit of seed 001's {@code log.txt}:
 *
 * <pre>
 * 2025-06-01 12:00:01.201 ▶ job 3 (Charlie 36) started on worker 3: sh -c '...' person Charlie 36
 * 2025-06-01 12:00:01.412 ↻ job 3 (Charlie 36) failed with exit code 1 on worker 3 (attempt 1 of 2), retrying in 96ms
 * 2025-06-01 12:00:01.412   job 3 stderr: ❌ Worker 3 : échec sur Charlie (âge 36)
 * 2025-06-01 12:00:01.732 ▶ job 3 (Charlie 36) started on worker 1 (attempt 2 of 2): sh -c '...' person Charlie 36
 * 2025-06-01 12:00:01.945 ✔️ job 3 (Charlie 36) succeeded on worker 1 in 213ms (attempt 2)
 * 2025-06-01 12:00:01.945   job 3 stdout: ✔️ Worker 1 : Charlie (36 ans) traité
 * </pre>
 *
 * <p>It is a {@link PoolListener}: the pool calls it for each event, one at a time, on its
 * event goroutine, so this class has a single writer and needs no lock; each event's lines are
 * flushed together, so the file is complete up to the last event even if kanal is killed. The
 * run's summary is added by {@link #finish} once the pool has terminated (after its last
 * event).
 *
 * <p>A job's output is read from its {@link Capture} (perhaps a file of gigabytes) and copied
 * line by line as it is read, never whole in memory, not even one line of it. So the run keeps
 * every attempt's capture until it ends when there is a log: this goroutine may read one after
 * the job was printed.
 */
final class RunLog implements PoolListener, AutoCloseable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final Path file;
  private final BufferedWriter out;
  private final CommandTemplate template;
  private final int maxAttempts;
  private IOException failure;

  private RunLog(Path file, BufferedWriter out, CommandTemplate template, int maxAttempts) {
    this.file = file;
    this.out = out;
    this.template = template;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Creates (or truncates) {@code file}.
   *
   * @throws UsageException if it cannot be opened
   */
  static RunLog open(Path file, CommandTemplate template, int maxAttempts) {
    try {
      return new RunLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8), template, maxAttempts);
    } catch (IOException e) {
      throw new UsageException("cannot open the log " + file + ": " + IoErrors.describe(e), e);
    }
  }

  @Override
  public void onEvent(PoolEvent event) {
    Instant t = event.time();
    switch (event) {
      case PoolEvent.JobStarted e -> {
        RunJob j = (RunJob) e.input();
        line(t, "▶ " + j.name() + " started on worker " + e.workerId() + attempt(e.attempt()) + ": "
            + j.display(template));
      }
      case PoolEvent.JobSucceeded e -> {
        RunJob j = (RunJob) e.input();
        line(t, "✔️ " + j.name() + " succeeded on worker " + e.workerId() + " in " + Durations.format(e.runTime())
            + (e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : ""));
        output(t, j, (AttemptResult) e.result());
      }
      case PoolEvent.JobRetrying e -> {
        RunJob j = (RunJob) e.input();
        String what = e.error() instanceof JobTimeoutException x
            ? "timed out after " + Durations.format(x.timeout()) + " (killed)"
            : failure(e.error());
        line(t, "↻ " + j.name() + " " + what + " on worker " + e.workerId() + " (attempt " + e.attempt() + " of "
            + maxAttempts + "), retrying in " + Durations.format(e.delay()));
        output(t, j, j.result(e.attempt()));
      }
      case PoolEvent.JobFailed e -> {
        RunJob j = (RunJob) e.input();
        if (e.error() instanceof NotStartedException) {
          line(t, "⊘ " + j.name() + (j.last() == null ? " not started" : " not retried") + ": the run was interrupted");
        } else {
          line(t, "❌ " + j.name() + " " + failure(e.error()) + " on worker " + e.workerId()
              + (e.attempts() > 1 ? " after " + e.attempts() + " attempts" : "")
              + (e.critical() ? " (critical: stopping the run)" : ""));
          output(t, j, j.result(e.attempts()));
        }
      }
      case PoolEvent.JobTimedOut e -> {
        RunJob j = (RunJob) e.input();
        line(t, "⏱ " + j.name() + " timed out after " + Durations.format(e.timeout()) + " on worker " + e.workerId()
            + " (killed" + (e.attempts() > 1 ? ", attempt " + e.attempts() : "") + ")");
        output(t, j, j.result(e.attempts()));
      }
      case PoolEvent.JobCancelled e -> {
        // Worded as the summary counts it (see Run.handle): by the job's last process.
        RunJob j = (RunJob) e.input();
        String why = ": " + Stop.describe(e.reason());
        AttemptResult stopped = e.workerId() > 0 ? j.result(e.attempts()) : null;
        if (stopped != null && !stopped.killed()) {
          line(t, (stopped.succeeded() ? "✔️ " + j.name() + " succeeded"
              : "❌ " + j.name() + " failed with exit code " + stopped.exitCode()) + " as the run stopped" + why);
          output(t, j, stopped);
        } else if (stopped != null) {
          line(t, "⊘ " + j.name() + " cancelled while running (killed)" + why);
          output(t, j, stopped);
        } else if (e.started()) {
          line(t, "⊘ " + j.name() + " not retried" + why);
        } else {
          line(t, "⊘ " + j.name() + " cancelled before it started" + why);
        }
      }
      case PoolEvent.PoolStopping e -> line(t, "■ stopping the run: " + Stop.describe(e.reason()));
      case PoolEvent.WorkerStarted e -> line(t, "+ worker " + e.workerId() + " started");
      case PoolEvent.WorkerRetired e -> line(t, "- worker " + e.workerId() + " retired ("
          + switch (e.reason()) {
            case IDLE -> "idle";
            case RESIZED -> "pool resized";
            case POOL_FINISHED -> "no more jobs";
          } + ")");
      case PoolEvent.ListenerFailed e -> line(t, "⚠ " + e.listener() + " failed: " + e.error());
      case PoolEvent.PoolShutdown e -> { }
      case PoolEvent.PoolTerminated e -> { }
    }
    flush();
  }

  private String attempt(int attempt) {
    return attempt > 1 ? " (attempt " + attempt + " of " + maxAttempts + ")" : "";
  }

  private static String failure(Throwable error) {
    if (error instanceof CommandFailedException f) {
      return "failed with exit code " + f.exitCode();
    }
    return "failed: " + error;
  }

  /** Writes an attempt's output (each attempt's comes with one event), then lets go of it. */
  private void output(Instant t, RunJob j, AttemptResult r) {
    if (r == null) {
      return;
    }
    try {
      if (failure == null) {
        lines(t, j, "stdout", r.stdout());
        lines(t, j, "stderr", r.stderr());
      }
    } finally {
      r.stdout().release(Capture.LOG);
      r.stderr().release(Capture.LOG);
    }
  }

  private void lines(Instant t, RunJob j, String stream, Capture output) {
    if (output.isEmpty()) {
      return;
    }
    String prefix = "  job " + j.number() + " " + stream + ": ";
    try (Reader in = new InputStreamReader(output.open(), StandardCharsets.UTF_8)) {
      copyLines(in, TIME.format(t) + " " + prefix);
    } catch (IOException e) {
      line(t, prefix + "(the rest could not be read back: " + IoErrors.describe(e) + ")");
    }
  }

  /**
   * Writes each line of {@code in} after {@code head}, as {@link String#lines} splits them
   * ({@code \n}, {@code \r} or {@code \r\n} ends a line; a last line needs none), streaming:
   * a line's text holds no line break, so it needs no escape (see {@link #line}). If reading
   * fails, the line begun is ended before the exception is thrown.
   */
  private void copyLines(Reader in, String head) throws IOException {
    char[] buf = new char[8192];
    boolean inLine = false; // the head of the current line is written
    boolean afterCr = false; // a \n now ends nothing: it belongs to the \r before it
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        if (inLine) {
          write("\n");
        }
        throw e;
      }
      if (n < 0 || failure != null) {
        break;
      }
      int from = 0; // the first character of buf not written yet
      for (int i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\n' && afterCr) {
          from = i + 1;
          afterCr = false;
          continue;
        }
        afterCr = c == '\r';
        if (!inLine) {
          write(head);
          inLine = true;
        }
        if (c == '\n' || c == '\r') {
          write(buf, from, i - from);
          write("\n");
          inLine = false;
          from = i + 1;
        }
      }
      if (inLine) {
        write(buf, from, n - from);
      }
    }
    if (inLine) {
      write("\n");
    }
  }

  private void write(String s) {
    write(s.toCharArray(), 0, s.length());
  }

  private void write(char[] c, int off, int len) {
    if (failure != null) {
      return;
    }
    try {
      out.write(c, off, len);
    } catch (IOException e) {
      failure = e;
    }
  }

  private void line(Instant t, String text) {
    if (failure != null) {
      return;
    }
    try {
      out.write(TIME.format(t));
      out.write(' ');
      // One event, one line: a job's text (a config job may hold a line break, a line from the
      // input a lone carriage return) is written with its breaks as \n and \r.
      out.write(
          text.indexOf('\n') < 0 && text.indexOf('\r') < 0
              ? text
              : text.replace("\r", "\\r").replace("\n", "\\n"));
      out.write('\n');
    } catch (IOException e) {
      failure = e;
    }
  }

  private void flush() {
    if (failure != null) {
      return;
    }
    try {
      out.flush();
    } catch (IOException e) {
      failure = e;
    }
  }

  /** Adds the run's last lines (its summary); called after the pool's last event. */
  void finish(Iterable<String> summary) {
    Instant now = Instant.now();
    for (String s : summary) {
      line(now, "■ " + s);
    }
    flush();
  }

  /**
   * Closes the file.
   *
   * @throws UncheckedIOException if a line could not be written
   */
  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("writing the log " + file + " failed: " + failure.getMessage(), failure);
    }
  }

  @Override
  public String toString() {
    return "the log " + file;
  }
}

package dev.kanal.cli.run;

import dev.kanal.pool.Job;
import java.time.Instant;
import java.util.Arrays;

/**
 * A job as the worker pool carries it: the {@link JobSpec}, its place in submission order, and
 * what its attempts did so far.
 *
 * <p>Attempts of one job never overlap: the worker running attempt {@code k} records its result
 * ({@link #record}) before the pool learns that the attempt ended, and the pool's outcome
 * channel and event mailbox order every later read after that write. The event goroutine may
 * read attempt {@code k}'s result while attempt {@code k+1} already runs, so each attempt has
 * its own slot: {@code results} is replaced, never changed, on each write (copy on write), and
 * volatile because a retry may run on another worker than the attempt before it.
 *
 * <p>Only the last attempt's output is ever printed, so {@link #record} lets the printer's hold
 * on the earlier ones go: a job retried many times holds one attempt's output, not all of them.
 * A log, whose event goroutine may still read attempt {@code k} after attempt {@code k+1} was
 * recorded, holds it until it has written it ({@link Capture#release(int)}).
 */
final class RunJob {
  final JobSpec spec;
  /** 1, 2, 3... in the order the jobs were submitted (resumed jobs are not): for --keep-order. */
  final long seq;
  /** How logs show the command; made on first use. */
  private volatile String display;

  volatile Instant firstStart;
  /**
   * The pool's handle, set by the feeder once {@code submit} returned (so perhaps after the first
   * attempt ran): the first Ctrl-C cancels a job waiting for its retry through it.
   */
  volatile Job<RunJob, AttemptResult> handle;
  private volatile AttemptResult[] results = new AttemptResult[0];
  RunJob(JobSpec spec, long seq) {
    this.spec = spec;
    this.seq = seq;
  }

  /**
   * Records what attempt {@code attempt} (1, 2...) did, and lets go of the output of the
   * attempts before it for the printer, which prints only the last (their results stay: the
   * log may still write their output, and lets go of it then).
   */
  void record(int attempt, AttemptResult r) {
    AttemptResult[] old = results;
    AttemptResult[] a = Arrays.copyOf(old, Math.max(old.length, attempt));
    a[attempt - 1] = r;
    results = a;
    for (int i = 0; i < Math.min(old.length, attempt - 1); i++) {
      if (old[i] != null) {
        old[i].stdout().release(Capture.PRINTER);
        old[i].stderr().release(Capture.PRINTER);
      }
    }
  }

  /** What attempt {@code attempt} did, or null if it started no process. */
  AttemptResult result(int attempt) {
    AttemptResult[] a = results;
    return attempt >= 1 && attempt <= a.length ? a[attempt - 1] : null;
  }

  /** How many attempts started a process (or tried to: one that could not start counts). */
  int attemptsRun() {
    int n = 0;
    for (AttemptResult r : results) {
      if (r != null) {
        n++;
      }
    }
    return n;
  }

  /** The last attempt that started a process, or null if none did. */
  AttemptResult last() {
    AttemptResult[] a = results;
    for (int i = a.length - 1; i >= 0; i--) {
      if (a[i] != null) {
        return a[i];
      }
    }
    return null;
  }

  /** How messages name the job: {@code job 3 (Charlie 36)}. */
  String name() {
    return "job " + spec.number() + " (" + spec.label() + ")";
  }

  long number() {
    return spec.number();
  }

  String display(CommandTemplate template) {
    String d = display;
    if (d == null) {
      d = template.display(spec);
      display = d;
    }
    return d;
  }

  /** The pool's log formats print inputs with toString. */
  @Override
  public String toString() {
    return spec.label();
  }
}

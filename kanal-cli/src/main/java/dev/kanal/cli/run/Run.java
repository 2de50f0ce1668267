package dev.kanal.cli.run;

import dev.kanal.CancellableContext;
import dev.kanal.Context;
import dev.kanal.Go;
import dev.kanal.pool.JobTimeoutException;
import dev.kanal.pool.Outcome;
import dev.kanal.pool.RejectedJobException;
import dev.kanal.pool.StopReason;
import dev.kanal.pool.WorkerPool;
import dev.kanal.pool.WorkerPoolBuilder;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code kanal run}: feeds the jobs through a {@link WorkerPool}, prints each job's output
 * whole as it ends, keeps the job log and the log, shows progress, and sums up.
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li>The <b>feeder</b> goroutine reads the jobs (lines of the input as they arrive, or the
 *       config's list), skips those a resumed job log says succeeded, and submits the others;
 *       {@code submit} blocks while the pool's queue is full, so a huge input is never held in
 *       memory. At the end of the input (or when the run stops) it shuts the pool down: Go's
 *       {@code close(jobs)}.
 *   <li>The pool's <b>workers</b> run {@link JobRunner}: one process per attempt.
 *   <li>The calling thread, the <b>consumer</b>, ranges over {@link WorkerPool#outcomes()}
 *       (completion order) until the pool has terminated: it alone counts, writes the job log,
 *       and prints, through {@link JobPrinter} (which restores input order under
 *       {@code --keep-order}); so none of that needs a lock.
 *   <li>The pool's <b>event</b> goroutine feeds {@link RunLog}; the progress bar has its own
 *       refresh thread; Ctrl-C arrives on the JVM's signal thread.
 * </ul>
 *
 * <h2>Stopping</h2>
 *
 * <p>The pool runs under {@code context}, a cancellable context of this run. The run's
 * {@code --timeout} is the pool's deadline; a critical exit code (or a job that failed for good
 * under {@code --fail-fast}) is a critical error of the pool; a timed-out job under
 * {@code --fail-fast}, a second Ctrl-C or a closed standard output cancel {@code context}. In
 * every case the pool cancels what has not started and interrupts the running jobs' workers,
 * which kill their process trees; every job still gets its outcome, so the job log is complete.
 * The first Ctrl-C only <em>drains</em>: the pool is shut down (no new job is accepted) and
 * {@link JobRunner} refuses to start any queued job or retry, and cancels the jobs waiting out a
 * back-off ({@link JobRunner#cancelRetries}), while the running ones finish. Jobs the feeder had
 * not submitted yet count as cancelled too ({@link #notStarted}).
 * {@link #stop} records the first cause, which decides the exit status.
 *
 * <h2>Output kept until printed</h2>
 *
 * <p>Each attempt's output goes to {@link Capture}s of the run's {@link CaptureStore}: in
 * memory within its budget, in files of a temporary directory past it. The store is closed
 * (every file and the directory deleted) when the run ends, after the pool has terminated and
 * the log is closed. A capture is released when the last of its readers lets go of it
 * ({@link Capture#release(int)}): the printer, once the job is printed ({@link JobPrinter}), or
 * for an attempt that was retried, once the next one is recorded ({@link RunJob#record}): only
 * the last attempt is printed; and with {@code --log}, the log's event goroutine, once it wrote
 * that attempt's output (each attempt's comes with exactly one event), perhaps after the job was
 * printed.
 */
final class Run {
  /**
   * System property choosing how jobs' processes start: {@code native} or {@code jdk} (see
   * {@link Spawner#choose}); unset, the best available.
   */
  static final String SPAWNER = "kanal.run.spawner";

  private final RunSettings s;
  private final RunIo io;
  private final Output output;
  private final CancellableContext context = Context.withCancel(Context.background());
  private final RunningProcesses processes = new RunningProcesses();
  private final AtomicBoolean draining = new AtomicBoolean();
  /** The run's captured output; made when the run starts, closed when it ends. */
  private volatile CaptureStore captures;
  private final AtomicReference<Stop> stop = new AtomicReference<>();
  private final AtomicLong skipped = new AtomicLong();
  /**
   * The feeder stopped before the end of the input, the run having stopped, with a job in hand
   * that it read and did not submit; see {@link #notStarted}.
   */
  private volatile boolean leftAJob;
  /** Jobs submitted to the pool; final once {@link #fedAll} is open. */
  private long submitted;
  /** The feeder is waiting for the input's next job: see {@link #notStarted}. */
  private volatile boolean reading;
  /** With the number of jobs known: how many of them --resume skips; else -1. */
  private long skippedInInput = -1;
  /** Opened when the feeder has returned. */
  private final CountDownLatch fedAll = new CountDownLatch(1);
  private volatile JobRunner runner;
  private volatile WorkerPool<RunJob, AttemptResult> pool;
  private volatile String inputError;
  /** The input stopped at a line that is not UTF-8. */
  private volatile boolean inputNotUtf8;

  // Written by the consumer thread only.
  /** Retries that ran (a retry called off by a stop is not one). */
  private long retries;
  private long succeeded;
  private long failed;
  private long timedOut;
  private long cancelled;

  private final Spawner spawner;

  Run(RunSettings settings, RunIo io, Spawner spawner) {
    this.s = settings;
    this.io = io;
    this.spawner = spawner;
    this.output = new Output(io.out(), io.err());
  }

  /** Runs every job and returns the exit status. */
  int execute() {
    long t0 = System.nanoTime();
    // Setting Ctrl-C's handler up takes about 15 ms (the JDK makes a class for it): another
    // thread does it while the run is prepared; it is in place before the first job starts.
    CompletableFuture<Interrupts> trapping = io.trapSignals() ? Interrupts.trapInBackground(this::interrupted) : null;
    try {
      return execute(t0, trapping);
    } finally {
      if (trapping != null) {
        trapping.join().close(); // once more if execute closed it: a no-op then
      }
    }
  }

  private int execute(long t0, CompletableFuture<Interrupts> trapping) {
    // Everything a user can get wrong is checked before the first job starts.
    Set<Long> done = s.resume() ? JobLog.succeeded(s.joblog()) : Set.of();
    s.template().checkProgram();
    CaptureStore captures = CaptureStore.forRun(output::notice); // touches no disk until it spills
    if (s.log() != null) {
      captures.readAlsoByLog();
    }
    this.captures = captures;
    // The source is the feeder's to close: closing a reader while the feeder is blocked reading
    // standard input would wait for that read (the reader's lock), perhaps forever.
    JobSource source = JobSource.open(s, io.in());
    boolean fed = false;
    Thread hook = null;
    try (JobLog joblog = s.joblog() == null ? null : JobLog.open(s.joblog(), s.resume());
        RunLog log = s.log() == null ? null : RunLog.open(s.log(), s.template(), s.retries() + 1)) {
      JobRunner runner = new JobRunner(s, spawner, captures, processes, draining);
      this.runner = runner;
      boolean showProgress = s.progress() != null ? s.progress() : io.terminal() && !s.quiet();
      long known = source.size().orElse(-1);
      if (known >= 0) {
        long n = known;
        long resumed = done.stream().filter(x -> x >= 1 && x <= n).count();
        known -= resumed;
        // All of them, also those past the point where a stop left the input unread.
        skippedInInput = resumed;
      }
      Progress progress = showProgress ? Progress.bar(output, known, runner::active) : Progress.off();

      WorkerPoolBuilder<RunJob, AttemptResult> b =
          WorkerPool.builder(runner)
              .name("kanal-run")
              .workers(s.workers().min(), s.workers().max())
              .keepAlive(Duration.ofSeconds(5))
              .queueCapacity(Math.max(16, 2 * s.workers().max()))
              .retry(runner.retryPolicy(s.retries(), s.backoff()))
              .critical(runner::critical)
              .context(context);
      if (s.jobTimeout() != null) {
        b.jobTimeout(s.jobTimeout());
      }
      if (s.timeout() != null) {
        b.timeout(s.timeout());
      }
      if (log != null) {
        b.listener(log);
      }
      hook = io.trapSignals() ? new Thread(() -> {
        processes.killAll();
        captures.deleteNow(); // kanal is being killed (SIGTERM): no finally block will run
      }, "kanal-run-kill-jobs") : null;
      if (hook != null) {
        Runtime.getRuntime().addShutdownHook(hook);
      }
      try {
        pool = b.build();
        if (trapping != null) {
          trapping.join();
        }
        Go.go(() -> feed(source, done, progress));
        fed = true;
        JobPrinter printer = new JobPrinter(output, s.keepOrder());
        for (Outcome<RunJob, AttemptResult> o : pool.outcomes()) {
          if (!handle(o, printer, joblog, progress)) {
            stop(new Stop.OutputClosed(), "standard output was closed");
          }
        }
        pool.awaitTermination();
        progress.close();
      } finally {
        if (trapping != null) {
          trapping.join().close();
        }
      }
      if (pool.stopped().orElse(null) instanceof StopReason.DeadlineExceeded) {
        stop(new Stop.Timeout(s.timeout()), null);
      }
      cancelled += notStarted(known);
      if (log != null || !s.quiet()) {
        // On standard input the feeder may still be waiting for a line: then it was not read on.
        boolean unread = known < 0 && stop.get() != null && (leftAJob || fedAll.getCount() > 0);
        List<String> summary = summary(Duration.ofNanos(System.nanoTime() - t0), unread);
        if (log != null) {
          log.finish(summary);
        }
        if (!s.quiet()) {
          summary.forEach(line -> output.notice("kanal run: " + line));
        }
      }
    } catch (UncheckedIOException e) {
      // The log or the job log could not be written to the end.
      output.notice("kanal run: " + e.getMessage());
      return ExitStatus.FAILED;
    } finally {
      context.cancel();
      if (!fed) {
        source.close();
      }
      // After the log is closed (its goroutine reads captures) and, unless the run failed on
      // its own files above, after the pool has terminated; a job still running then has
      // been cancelled, and what it writes later stays in memory, released with it.
      captures.close();
      // Only now: a SIGTERM during the summary or the closing of the logs still cleans up.
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // SIGTERM came meanwhile: the hook runs anyway, and the JVM is ending.
        }
      }
    }
    return exitStatus();
  }

  /** Reads the jobs and submits them; runs on its own goroutine. */
  private void feed(JobSource source, Set<Long> done, Progress progress) {
    Thread.currentThread().setName("kanal-run-feeder");
    long seq = 0;
    try {
      Iterator<JobSpec> lines = source.iterator();
      while (true) {
        reading = true;
        boolean more;
        try {
          more = lines.hasNext();
        } finally {
          reading = false;
        }
        if (!more) {
          break;
        }
        JobSpec spec = lines.next();
        if (done.contains(spec.number())) {
          skipped.incrementAndGet();
          continue;
        }
        if (draining.get() || pool.isShutdown()) {
          leftAJob = true;
          break;
        }
        RunJob job = new RunJob(spec, seq + 1);
        try {
          job.handle = pool.submit(job);
        } catch (RejectedJobException stopped) {
          leftAJob = true;
          break;
        }
        runner.cancelIfWaiting(job);
        seq++;
        if (source.size().isEmpty()) {
          progress.total(seq);
        }
      }
      if (source.size().isEmpty()) {
        progress.total(seq);
      }
    } catch (UncheckedIOException e) {
      inputNotUtf8 = e.getCause() instanceof CharacterCodingException;
      inputError = e.getMessage();
      output.notice("kanal run: " + e.getMessage() + "; no more jobs are read");
    } finally {
      submitted = seq;
      pool.shutdown();
      source.close();
      fedAll.countDown();
    }
  }

  /**
   * The jobs that never reached the pool because the run stopped first: they count as cancelled,
   * so that every job of the input has its outcome. With the number of jobs known ({@code jobs},
   * those --resume skips left out), the ones the feeder never read are counted too; reading on
   * through an input that may never end (standard input) is not an option, and the summary
   * says that the rest of the input was not read.
   */
  private long notStarted(long jobs) {
    if (stop.get() == null && inputError == null) {
      return 0; // the run went to the end of its input
    }
    if (jobs < 0) {
      // The feeder may be blocked reading an input that never ends, so it is not waited for.
      // But a submit refused by the ending pool can let the pool end before the feeder counts
      // that line: wait while the feeder is busy with a line (which is brief now: a submit to
      // an ended pool returns at once) until it has ended or waits for the next one.
      while (fedAll.getCount() > 0 && !reading) {
        Thread.yield();
      }
      return leftAJob ? 1 : 0;
    }
    // A stopped pool can end before the feeder saw it stop: wait for the feeder, which no longer
    // blocks (its submit is refused, and the input is a file or the config's list).
    boolean interrupted = false;
    while (true) {
      try {
        fedAll.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (inputError != null) {
      return leftAJob ? 1 : 0; // the lines past a read error are not jobs anyone can count
    }
    return Math.max(0, jobs - submitted);
  }

  /**
   * Counts, logs and prints one outcome.
   *
   * @return false if standard output is broken
   */
  private boolean handle(
      Outcome<RunJob, AttemptResult> o, JobPrinter printer, JobLog joblog, Progress progress) {
    long succeededBefore = succeeded;
    RunJob j = o.input();
    runner.settled(j);
    String notice = null;
    AttemptResult shown = j.last();
    int ran = j.attemptsRun();
    switch (o) {
      case Outcome.Succeeded<RunJob, AttemptResult> ok -> {
        succeeded++;
        shown = ok.result();
      }
      case Outcome.Failed<RunJob, AttemptResult> f -> {
        if (f.error() instanceof NotStartedException) {
          if (shown == null) {
            cancelled++;
          } else {
            notice = retryCalledOff(j, shown, f.attemptErrors());
          }
        } else if (f.error() instanceof CommandFailedException e) {
          failed++;
          shown = e.result;
          notice = j.name() + " failed with exit code " + e.exitCode()
              + (f.attempts() > 1 ? " after " + f.attempts() + " attempts" : "");
          if (f.critical()) {
            boolean code = s.criticalExitCodes().contains(e.exitCode());
            stop(new Stop.FailFast(j.name() + " failed with " + (code ? "critical " : "") + "exit code " + e.exitCode()), null);
          }
        } else {
          failed++; // not a process failure: a fault of kanal itself, shown as it is
          notice = j.name() + " failed: " + f.error();
        }
      }
      case Outcome.TimedOut<RunJob, AttemptResult> t -> {
        timedOut++;
        notice = j.name() + " timed out after " + Durations.format(t.timeout()) + " and was killed";
        if (s.failFast() && s.criticalExitCodes().isEmpty()) {
          stop(new Stop.FailFast(j.name() + " timed out"), "fail-fast: " + j.name() + " timed out");
        }
      }
      case Outcome.Cancelled<RunJob, AttemptResult> c -> {
        // What the pool calls cancelled is judged by the job's last process, if one ran. Every
        // attempt that ended by itself left an error; one fewer means the last was stopped.
        if (shown == null) {
          cancelled++;
        } else if (c.attemptErrors().size() >= c.attempts()) {
          notice = retryCalledOff(j, shown, c.attemptErrors()); // it waited for its retry
        } else if (shown.killed()) {
          cancelled++;
          notice = j.name() + " was killed";
        } else if (shown.succeeded()) {
          succeeded++; // it ended by itself, its work done, just as the run stopped
        } else {
          failed++;
          notice = j.name() + " failed with exit code " + shown.exitCode();
        }
      }
      case Outcome.Rejected<RunJob, AttemptResult> r ->
          throw new IllegalStateException("the pool never delivers rejections as outcomes");
    }
    progress.done(succeeded != succeededBefore);
    retries += Math.max(0, ran - 1);
    if (joblog != null && shown != null && j.firstStart != null && ran > 0) {
      Instant end = shown.start().plus(shown.runTime());
      joblog.write(j.number(), j.firstStart, Duration.between(j.firstStart, end), ran, shown.exitCode(),
          j.display(s.template()));
    }
    if (shown == null && notice == null) {
      return printer.print(j.seq, JobPrinter.Printout.NOTHING);
    }
    return printer.print(j.seq, new JobPrinter.Printout(
        shown == null ? null : shown.stdout(),
        shown == null ? null : shown.stderr(),
        s.quiet() || notice == null ? null : "kanal run: " + notice));
  }

  /**
   * Counts a job whose last attempt failed or timed out and whose retry the run's stop called
   * off (a Ctrl-C, or a stop while it waited out its back-off): as its last attempt ended.
   *
   * @return the notice
   */
  private String retryCalledOff(RunJob j, AttemptResult last, List<Throwable> errors) {
    String why = " and was not retried (" + (stop.get() instanceof Stop.Interrupted ? "interrupted" : "the run stopped")
        + ")";
    Throwable lastError = null;
    for (Throwable e : errors) {
      if (!(e instanceof NotStartedException)) {
        lastError = e;
      }
    }
    if (lastError instanceof JobTimeoutException t) {
      timedOut++;
      return j.name() + " timed out after " + Durations.format(t.timeout()) + " (killed)" + why;
    }
    failed++;
    return j.name() + " failed with exit code " + last.exitCode() + why;
  }

  /** Ctrl-C number {@code n}. Runs on the JVM's signal thread. */
  private void interrupted(int n) {
    switch (n) {
      case 1 -> {
        stop(new Stop.Interrupted(false), null);
        draining.set(true);
        WorkerPool<RunJob, AttemptResult> p = pool;
        if (p != null) {
          p.shutdown();
        }
        JobRunner r = runner;
        if (r != null) {
          r.cancelRetries(); // their back-off is not waited out
        }
        output.notice("kanal run: interrupted: no new job will start; waiting for the " + processes.size()
            + " running (Ctrl-C again kills them)");
      }
      case 2 -> {
        // Acts first: the notice waits for the output's lock, which a job printing gigabytes
        // to a slow reader may hold for long.
        stop(new Stop.Interrupted(true), "interrupted (Ctrl-C twice)");
        output.notice("kanal run: interrupted again: killing the running jobs");
      }
      default -> {
        processes.killAll();
        CaptureStore c = captures;
        if (c != null) {
          c.deleteNow(); // the jobs' output kept in files; halt runs no finally block
        }
        output.noticeNow("kanal run: interrupted three times: exiting now; the job log may lack the jobs killed now");
        Runtime.getRuntime().halt(ExitStatus.INTERRUPTED);
      }
    }
  }

  /** Records why the run stops (the first cause wins) and, with {@code cancel}, stops the pool. */
  private void stop(Stop why, String cancel) {
    // The first cause wins; only a second Ctrl-C refines the first one.
    stop.updateAndGet(
        cur -> cur == null || cur instanceof Stop.Interrupted && why instanceof Stop.Interrupted ? why : cur);
    if (cancel != null) {
      context.cancel(new RunStoppedException(cancel));
    }
  }

  private List<String> summary(Duration wall, boolean inputNotRead) {
    List<String> lines = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    sb.append(succeeded).append(" succeeded, ").append(failed).append(" failed, ")
        .append(timedOut).append(" timed out, ").append(cancelled).append(" cancelled, ")
        .append(retries).append(retries == 1 ? " retry" : " retries");
    long skips = skippedInInput >= 0 ? skippedInInput : skipped.get();
    if (skips > 0) {
      sb.append(", ").append(skips).append(" skipped (succeeded before: --resume)");
    }
    sb.append("; wall time ").append(Durations.format(wall));
    lines.add(sb.toString());
    Stop why = stop.get();
    if (why != null) {
      lines.add("stopped: " + why.describe());
    }
    if (inputError != null) {
      lines.add("the input could not be read to its end: " + inputError);
    } else if (inputNotRead) {
      lines.add("the input was not read further: any lines left in it did not run");
    }
    return lines;
  }

  private int exitStatus() {
    Stop why = stop.get();
    if (why != null) {
      return why.exitStatus();
    }
    if (inputNotUtf8) {
      return ExitStatus.USAGE; // bad input, as an --input file that is not UTF-8 is
    }
    return failed + timedOut > 0 || inputError != null ? ExitStatus.FAILED : ExitStatus.OK;
  }
}

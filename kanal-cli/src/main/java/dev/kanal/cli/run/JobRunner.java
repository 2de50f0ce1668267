package dev.kanal.cli.run;

import dev.kanal.pool.Job;
import dev.kanal.pool.JobContext;
import dev.kanal.pool.JobFunction;
import dev.kanal.pool.JobTimeoutException;
import dev.kanal.pool.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker pool's job function for {@code kanal run}: one attempt of one job is one process.
 * It also owns the two decisions the pool asks about errors: which are retried, and which are
 * critical (stop everything).
 *
 * <p>Each process gets, on top of kanal's environment and the {@code env} of the config,
 * {@code KANAL_JOB} (the job's number), {@code KANAL_ATTEMPT} (1, 2...) and
 * {@code KANAL_WORKER} (the worker's id), as GNU parallel gives {@code PARALLEL_SEQ}.
 */
final class JobRunner implements JobFunction<RunJob, AttemptResult> {
  private final CommandTemplate template;
  private final Map<String, String> env;
  private final int maxAttempts;
  private final Set<Integer> criticalCodes;
  private final boolean failFast;
  private final RunningProcesses running;
  private final Spawner spawner;
  private final CaptureStore captures;
  private final AtomicBoolean draining;
  private final AtomicInteger active = new AtomicInteger();
  /** Jobs whose last attempt failed with attempts left: perhaps waiting for a retry. */
  private final Set<RunJob> mayRetry = ConcurrentHashMap.newKeySet();

  JobRunner(
      RunSettings s, Spawner spawner, CaptureStore captures, RunningProcesses running, AtomicBoolean draining) {
    this.spawner = spawner;
    this.captures = captures;
    this.template = s.template();
    this.env = Map.copyOf(s.env());
    this.maxAttempts = s.retries() + 1;
    this.criticalCodes = Set.copyOf(s.criticalExitCodes());
    this.failFast = s.failFast();
    this.running = running;
    this.draining = draining;
  }

  @Override
  public AttemptResult apply(RunJob job, JobContext ctx) {
    // Out of the set before draining is read: see cancelRetries.
    mayRetry.remove(job);
    if (draining.get()) {
      throw new NotStartedException();
    }
    if (job.firstStart == null) {
      job.firstStart = Instant.now();
    }
    List<String> argv = template.argv(job.spec);
    Map<String, String> vars = new HashMap<>(env.size() + 3);
    vars.putAll(env);
    vars.put("KANAL_JOB", Long.toString(job.number()));
    vars.put("KANAL_ATTEMPT", Integer.toString(ctx.attempt()));
    vars.put("KANAL_WORKER", Integer.toString(ctx.workerId()));
    AttemptResult r;
    active.incrementAndGet();
    try {
      r = spawner.run(argv, vars, running, captures);
    } finally {
      active.decrementAndGet();
    }
    job.record(ctx.attempt(), r);
    if (!r.succeeded() && ctx.attempt() < maxAttempts) {
      mayRetry.add(job); // perhaps: the pool decides, but a job left out here would wait its backoff
    }
    if (r.killed()) {
      throw new JobKilledException(job);
    }
    if (!r.succeeded()) {
      throw new CommandFailedException(job, r, ctx.attempt());
    }
    return r;
  }

  /**
   * The first Ctrl-C: a job waiting for its retry is not retried; its outcome comes now, not
   * after its back-off. Called after {@code draining} was set. A job leaves {@code mayRetry}
   * before its next attempt reads {@code draining}: so either that attempt sees the drain and
   * starts no process, or it had already left the set and is not cancelled here (a running job
   * finishes). A job found here whose handle the feeder has not set yet is cancelled by the
   * feeder ({@link #cancelIfWaiting}), which sets the handle and then reads {@code draining}.
   */
  void cancelRetries() {
    for (RunJob j : mayRetry) {
      Job<RunJob, AttemptResult> h = j.handle;
      if (h != null) {
        h.cancel();
      }
    }
  }

  /** For the feeder, right after it set {@code job.handle}: see {@link #cancelRetries}. */
  void cancelIfWaiting(RunJob job) {
    if (draining.get() && mayRetry.contains(job)) {
      job.handle.cancel();
    }
  }

  /** The job has its outcome: it will not be retried. */
  void settled(RunJob job) {
    mayRetry.remove(job);
  }

  /** How many processes run now. */
  int active() {
    return active.get();
  }

  /**
   * Up to {@code --retries} more attempts for a failed or timed-out attempt, after
   * {@code --backoff} doubled at each retry (capped at max(backoff, 1m)), each delay spread
   * ±20% at random so that jobs that failed together do not retry together. A program that
   * cannot be found (127) or run (126: not executable, argument list too long) is not retried:
   * another try will not do better.
   */
  RetryPolicy retryPolicy(int retries, Duration backoff) {
    if (retries == 0) {
      return RetryPolicy.none();
    }
    // Once draining, an attempt that fails now is not retried either: its retry would only wait
    // out its back-off to be refused. (It entered mayRetry before this reads draining, so a
    // retry allowed here is one that cancelRetries or the feeder will find.)
    RetryPolicy p = RetryPolicy.attempts(retries + 1).retryIf(e -> !draining.get() && retryable(e));
    if (!backoff.isZero()) {
      Duration cap = backoff.compareTo(Duration.ofMinutes(1)) > 0 ? backoff : Duration.ofMinutes(1);
      p = p.exponentialBackoff(backoff, cap).jitter(0.2);
    }
    return p;
  }

  static boolean retryable(Throwable e) {
    return e instanceof JobTimeoutException
        || e instanceof CommandFailedException f
            && f.exitCode() != AttemptResult.CANNOT_START
            && f.exitCode() != AttemptResult.CANNOT_EXECUTE;
  }

  /**
   * Whether a failed attempt stops the whole run: its exit code is one of
   * {@code --critical-exit-codes}; or, with {@code --fail-fast} and no such list, it is the
   * job's last attempt (the job has failed for good). Critical errors are never retried.
   */
  boolean critical(Throwable e) {
    if (!(e instanceof CommandFailedException f)) {
      return false;
    }
    if (!criticalCodes.isEmpty()) {
      return criticalCodes.contains(f.exitCode());
    }
    return failFast && (f.attempt >= maxAttempts || !retryable(f));
  }
}

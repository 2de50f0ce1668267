package dev.kanal.pool;

import dev.kanal.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The options of a {@link WorkerPool}; made by {@link WorkerPool#builder}. Every option has a
 * default, so {@code WorkerPool.builder(f).build()} is a working pool.
 *
 * <pre>{@code
 * WorkerPool<Person, String> pool = WorkerPool.<Person, String>builder(PersonJobs::process)
 *     .workers(2, 8).keepAlive(Duration.ofSeconds(30))   // grows to 8 while jobs wait
 *     .queueCapacity(100)                                 // submit() waits beyond 100 queued
 *     .retry(RetryPolicy.attempts(3).exponentialBackoff(ofMillis(50), ofSeconds(2)))
 *     .jobTimeout(Duration.ofSeconds(5))                  // per attempt
 *     .timeout(Duration.ofMinutes(1))                     // the whole pool (seed 001)
 *     .critical(e -> e instanceof CorruptDataException)   // stops the pool
 *     .listener(event -> progress.update(event))
 *     .log(LogSink.open(Path.of("pool.log"), LogFormat.JSON_LINES))
 *     .ordered()                                          // outcomes in submission order
 *     .build();
 * }</pre>
 */
public final class WorkerPoolBuilder<T, R> {
  static final int DEFAULT_QUEUE = 256;

  final JobFunction<T, R> function;
  int minWorkers;
  int maxWorkers;
  Duration keepAlive = Duration.ofSeconds(60);
  int queueCapacity = DEFAULT_QUEUE;
  RetryPolicy retry = RetryPolicy.none();
  Duration jobTimeout;
  Duration timeout;
  Instant deadline;
  Context parent;
  Predicate<? super Throwable> critical;
  final List<PoolListener> listeners = new ArrayList<>();
  LogSink log;
  boolean ordered;
  boolean discardOutcomes;
  String name;

  WorkerPoolBuilder(JobFunction<T, R> function) {
    this.function = Objects.requireNonNull(function, "function");
    int cpus = Runtime.getRuntime().availableProcessors();
    this.minWorkers = cpus;
    this.maxWorkers = cpus;
  }

  /** A fixed number of workers (default: the number of processors). */
  public WorkerPoolBuilder<T, R> workers(int n) {
    return workers(n, n);
  }

  /**
   * Between {@code min} and {@code max} workers: {@code min} start at once, more start while jobs
   * wait (up to {@code max}), and a worker above {@code min} retires after being idle for the
   * {@linkplain #keepAlive keep-alive} time.
   *
   * @throws IllegalArgumentException if {@code max < 1}, {@code min < 0} or {@code min > max}
   */
  public WorkerPoolBuilder<T, R> workers(int min, int max) {
    checkSize(min, max);
    this.minWorkers = min;
    this.maxWorkers = max;
    return this;
  }

  static void checkSize(int min, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("a pool needs at least 1 worker, got a maximum of " + max);
    }
    if (min < 0) {
      throw new IllegalArgumentException(
          "the minimum number of workers cannot be negative, got " + min);
    }
    if (min > max) {
      throw new IllegalArgumentException(
          "the minimum number of workers (" + min + ") cannot exceed the maximum (" + max + ")");
    }
  }

  /** How long a worker above the minimum may stay idle before it retires (default 60s). */
  public WorkerPoolBuilder<T, R> keepAlive(Duration keepAlive) {
    this.keepAlive = positive(keepAlive, "keepAlive");
    return this;
  }

  /**
   * How many jobs may wait in the queue (default 256); {@code submit} waits while it is full. 0
   * means hand-off: a job is accepted only when an idle worker takes it (seed 004's work pool), or
   * a new worker can be started for it.
   *
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public WorkerPoolBuilder<T, R> queueCapacity(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "queueCapacity must be 0 (hand-off) or more, got " + capacity);
    }
    this.queueCapacity = capacity;
    return this;
  }

  /** How failed jobs are retried (default: {@link RetryPolicy#none()}). */
  public WorkerPoolBuilder<T, R> retry(RetryPolicy policy) {
    this.retry = Objects.requireNonNull(policy, "retry policy");
    return this;
  }

  /**
   * The longest one attempt may run: past it the job's thread is interrupted, its context is
   * cancelled, and the attempt counts as timed out (retried if the retry policy says so, else the
   * job's outcome is {@link Outcome.TimedOut}). Default: none.
   */
  public WorkerPoolBuilder<T, R> jobTimeout(Duration timeout) {
    this.jobTimeout = positive(timeout, "jobTimeout");
    return this;
  }

  /**
   * A deadline for the whole pool, {@code timeout} from {@link #build()}: seed 001's global
   * timeout. When it passes, the pool stops: running jobs are cancelled and every job not yet done
   * gets a {@link Outcome.Cancelled} outcome.
   */
  public WorkerPoolBuilder<T, R> timeout(Duration timeout) {
    this.timeout = positive(timeout, "timeout");
    this.deadline = null;
    return this;
  }

  /** Like {@link #timeout}, at a fixed instant. */
  public WorkerPoolBuilder<T, R> deadline(Instant deadline) {
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.timeout = null;
    return this;
  }

  /**
   * A parent context: when it ends (cancelled, or past its deadline), the pool stops as it does for
   * its own deadline. Jobs' contexts derive from it, so its values reach them.
   */
  public WorkerPoolBuilder<T, R> context(Context parent) {
    this.parent = Objects.requireNonNull(parent, "context");
    return this;
  }

  /**
   * Which errors are critical: the first job that fails with one gets a {@link Outcome.Failed}
   * outcome marked critical, and the whole pool stops at once (seed 001's error channel and {@code
   * cancel()}): every other job not yet done is cancelled with a {@link StopReason.CriticalFailure}
   * that names the job. Critical errors are never retried.
   */
  public WorkerPoolBuilder<T, R> critical(Predicate<? super Throwable> isCritical) {
    this.critical = Objects.requireNonNull(isCritical, "critical predicate");
    return this;
  }

  /** Adds a listener for the pool's events (see {@link PoolListener}). */
  public WorkerPoolBuilder<T, R> listener(PoolListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Logs every event, result and error to {@code sink}; the pool closes it when it terminates. */
  public WorkerPoolBuilder<T, R> log(LogSink sink) {
    this.log = Objects.requireNonNull(sink, "log sink");
    return this;
  }

  /** Delivers outcomes (and results, errors) in submission order instead of completion order. */
  public WorkerPoolBuilder<T, R> ordered() {
    this.ordered = true;
    return this;
  }

  /**
   * Keeps no outcomes for {@link WorkerPool#outcomes()}: for pools whose callers use the {@link
   * Job} handles, listeners or the log instead. Without this, outcomes are kept until read (memory
   * grows with unread outcomes).
   */
  public WorkerPoolBuilder<T, R> discardOutcomes() {
    this.discardOutcomes = true;
    return this;
  }

  /** The pool's name, for thread names, logs and messages (default {@code pool-N}). */
  public WorkerPoolBuilder<T, R> name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /** Starts the pool: its minimum of workers start now. */
  public WorkerPool<T, R> build() {
    if (discardOutcomes && ordered) {
      throw new IllegalArgumentException(
          "ordered() and discardOutcomes() contradict each other: ordered() orders the outcomes"
              + " that discardOutcomes() drops");
    }
    return new WorkerPool<>(this);
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }
}

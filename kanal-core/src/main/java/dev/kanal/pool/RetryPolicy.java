package dev.kanal.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * When and how soon a failed job is tried again. Immutable; each method returns a new policy.
 *
 * <pre>{@code
 * RetryPolicy.attempts(5)                               // up to 5 attempts in all
 *     .exponentialBackoff(ofMillis(100), ofSeconds(5))  // 100ms, 200ms, 400ms... up to 5s
 *     .jitter(0.2)                                      // each delay +-20%, at random
 *     .retryIf(e -> e instanceof IOException);          // only I/O errors are worth it
 * }</pre>
 *
 * <p>A retried job goes back to the pool's queue when its delay has passed; it does not hold a
 * worker while it waits. A {@linkplain WorkerPoolBuilder#critical critical} error is never retried.
 * A timed-out attempt is offered to the predicate as a {@link JobTimeoutException}.
 *
 * <p>The delay after failed attempt {@code k} (1-based) is {@code initial * multiplier^(k-1)},
 * capped, then spread by the jitter to a uniformly random value in {@code [d*(1-jitter),
 * d*(1+jitter)]}. Guarded by {@code RetryPolicyTest} and {@code WorkerPoolRetryTest}.
 */
public final class RetryPolicy {
  private static final Predicate<Throwable> EXCEPTIONS = e -> e instanceof Exception;
  private static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0, EXCEPTIONS);

  private final int maxAttempts;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final Predicate<? super Throwable> retryIf;

  private RetryPolicy(
      int maxAttempts,
      Duration initialDelay,
      double multiplier,
      Duration maxDelay,
      double jitter,
      Predicate<? super Throwable> retryIf) {
    this.maxAttempts = maxAttempts;
    this.initialDelay = initialDelay;
    this.multiplier = multiplier;
    this.maxDelay = maxDelay;
    this.jitter = jitter;
    this.retryIf = retryIf;
  }

  /** No retry: every job gets one attempt. The pool's default. */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Up to {@code maxAttempts} attempts in all (so {@code maxAttempts - 1} retries), retried at
   * once, for any {@link Exception} (not for {@link Error}s).
   *
   * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
   */
  public static RetryPolicy attempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "retry maxAttempts counts the first run too, so it must be at least 1, got "
              + maxAttempts);
    }
    return new RetryPolicy(maxAttempts, Duration.ZERO, 1.0, Duration.ZERO, 0.0, EXCEPTIONS);
  }

  /** The same delay before every retry. */
  public RetryPolicy fixedDelay(Duration delay) {
    requireNonNegative(delay, "retry delay");
    return new RetryPolicy(maxAttempts, delay, 1.0, delay, jitter, retryIf);
  }

  /** Delays that double after each failure, from {@code initial} up to {@code cap}. */
  public RetryPolicy exponentialBackoff(Duration initial, Duration cap) {
    return exponentialBackoff(initial, 2.0, cap);
  }

  /**
   * Delays that grow by {@code multiplier} after each failure, from {@code initial} up to {@code
   * cap}.
   *
   * @throws IllegalArgumentException if a duration is negative, {@code cap < initial}, or {@code
   *     multiplier < 1}
   */
  public RetryPolicy exponentialBackoff(Duration initial, double multiplier, Duration cap) {
    requireNonNegative(initial, "retry initial delay");
    requireNonNegative(cap, "retry delay cap");
    if (cap.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "retry delay cap ("
              + cap
              + ") must not be less than the initial delay ("
              + initial
              + ")");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "retry backoff multiplier must be 1 or more, got " + multiplier);
    }
    return new RetryPolicy(maxAttempts, initial, multiplier, cap, jitter, retryIf);
  }

  /**
   * Spreads each delay uniformly over {@code +-fraction} of itself (0 = exact delays), so jobs that
   * failed together do not all come back at the same instant.
   *
   * @throws IllegalArgumentException if {@code fraction} is not between 0 and 1
   */
  public RetryPolicy jitter(double fraction) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException("retry jitter must be between 0 and 1, got " + fraction);
    }
    return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, fraction, retryIf);
  }

  /** Retries only the errors {@code predicate} accepts (the default accepts every Exception). */
  public RetryPolicy retryIf(Predicate<? super Throwable> predicate) {
    return new RetryPolicy(
        maxAttempts,
        initialDelay,
        multiplier,
        maxDelay,
        jitter,
        Objects.requireNonNull(predicate, "predicate"));
  }

  /** How many attempts a job gets at most, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Whether a job whose attempt number {@code failedAttempt} failed with {@code error} gets another
   * attempt. A predicate that throws counts as "no"; its exception is added to {@code error} as
   * suppressed.
   */
  public boolean shouldRetry(Throwable error, int failedAttempt) {
    if (failedAttempt >= maxAttempts) {
      return false;
    }
    try {
      return retryIf.test(error);
    } catch (RuntimeException | Error predicateFailure) {
      error.addSuppressed(predicateFailure);
      return false;
    }
  }

  /** The delay before the attempt that follows failed attempt {@code failedAttempt} (1-based). */
  public Duration delayAfter(int failedAttempt) {
    return delayAfter(failedAttempt, ThreadLocalRandom.current().nextDouble());
  }

  /**
   * The delay before the attempt that follows failed attempt {@code failedAttempt}, with {@code
   * random} (in {@code [0, 1)}) choosing where in the jitter range it falls.
   */
  public Duration delayAfter(int failedAttempt, double random) {
    if (initialDelay.isZero()) {
      return Duration.ZERO;
    }
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
    double cap = maxDelay.toNanos(); // the cap bounds the delay before the jitter spreads it
    nanos = Math.min(nanos, cap);
    nanos *= 1.0 - jitter + 2.0 * jitter * random;
    return Duration.ofNanos((long) nanos);
  }

  private static void requireNonNegative(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }
  }

  @Override
  public String toString() {
    if (maxAttempts == 1) {
      return "RetryPolicy[none]";
    }
    return "RetryPolicy[attempts="
        + maxAttempts
        + ", initial="
        + initialDelay
        + ", x"
        + multiplier
        + ", cap="
        + maxDelay
        + ", jitter="
        + jitter
        + "]";
  }
}

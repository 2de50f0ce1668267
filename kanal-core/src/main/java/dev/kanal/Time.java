package dev.kanal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Go's {@code time} package, the concurrent part: {@link #after}, {@link #tick},
 * {@link #newTimer}, {@link #newTicker}, {@link #afterFunc} and {@link #sleep}.
 *
 * <pre>{@code
 * import static dev.kanal.Time.*;
 *
 * select(
 *     c1.onReceive(res -> System.out.println(res)),
 *     after(Duration.ofSeconds(1)).onReceive(t -> System.out.println("timeout 1")));
 * }</pre>
 *
 * <p>Timers fire from one daemon scheduler thread ({@code kanal-timer}) that only ever does
 * non-blocking sends, so a slow receiver can never delay another timer.
 */
public final class Time {
  private Time() {}

  static final ScheduledThreadPoolExecutor SCHEDULER = newScheduler();

  private static ScheduledThreadPoolExecutor newScheduler() {
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "kanal-timer");
              t.setDaemon(true);
              return t;
            });
    // Stopped timers leave the queue at once: a million stopped timers hold no memory.
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  /**
   * A channel that receives the current time once, after {@code d}: Go's {@code time.After}.
   * Equivalent to {@code newTimer(d).channel()}.
   */
  public static ReceiveChannel<Instant> after(Duration d) {
    return newTimer(d).channel();
  }

  /**
   * A channel that receives the time every {@code d}, dropping ticks a slow receiver misses:
   * Go's {@code time.Tick}. The ticker behind it runs for as long as the program does; use
   * {@link #newTicker} to be able to stop it.
   *
   * @throws IllegalArgumentException if {@code d} is not positive
   */
  public static ReceiveChannel<Instant> tick(Duration d) {
    return newTicker(d).channel();
  }

  /** A timer that sends the current time on its channel after {@code d}: Go's {@code time.NewTimer}. */
  public static Timer newTimer(Duration d) {
    return new Timer(d, null);
  }

  /**
   * A timer that runs {@code f} in its own goroutine after {@code d}: Go's
   * {@code time.AfterFunc}. {@link Timer#stop()} before then prevents the call.
   */
  public static Timer afterFunc(Duration d, Runnable f) {
    return new Timer(d, java.util.Objects.requireNonNull(f, "f"));
  }

  /**
   * A ticker that sends the time every {@code d}: Go's {@code time.NewTicker}.
   *
   * @throws IllegalArgumentException if {@code d} is not positive
   */
  public static Ticker newTicker(Duration d) {
    return new Ticker(d);
  }

  /**
   * Pauses the current goroutine for {@code d}: Go's {@code time.Sleep}. A zero or negative
   * duration returns at once.
   *
   * @throws OperationInterruptedException if the thread is interrupted while sleeping
   */
  public static void sleep(Duration d) {
    long nanos = HChan.saturatedNanos(d);
    if (nanos == 0) {
      return;
    }
    try {
      Thread.sleep(Duration.ofNanos(nanos));
    } catch (InterruptedException e) {
      throw OperationInterruptedException.interrupted("sleep");
    }
  }
}

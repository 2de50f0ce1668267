package dev.kanal;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Go's {@code go} statement: run a function concurrently in a new goroutine, here a virtual
 * thread.
 *
 * <pre>{@code
 * import static dev.kanal.Go.go;
 *
 * go(() -> worker(id, jobs, results));
 * }</pre>
 *
 * <p>An exception that escapes a goroutine is never lost: it reaches the
 * {@linkplain #onUncaught uncaught handler} as a {@link GoroutineException} naming the goroutine
 * and the place where {@code go} was called. The default handler prints it to standard error.
 * (Go crashes the whole program on an unrecovered panic; a JVM library should not, so Kanal
 * reports and lets the rest run.)
 *
 * <p>Recording where a goroutine was started costs one stack-frame lookup per {@code go};
 * {@code -Dkanal.goroutine.origin=false} turns it off for programs that start millions.
 */
public final class Go {
  private Go() {}

  private static final ThreadFactory GOROUTINES = Thread.ofVirtual().name("goroutine-", 1).factory();

  private static final boolean CAPTURE_ORIGIN =
      !"false".equalsIgnoreCase(System.getProperty("kanal.goroutine.origin", "true"));

  private static final StackWalker WALKER = StackWalker.getInstance();

  private static final Consumer<GoroutineException> PRINT_TO_STDERR =
      e -> {
        synchronized (System.err) {
          System.err.println("panic: " + e.getMessage());
          e.getCause().printStackTrace(System.err);
          // report() attaches a failing handler's own exception here: print it, or it is lost.
          for (Throwable handlerFailure : e.getSuppressed()) {
            System.err.print("the uncaught handler failed too: ");
            handlerFailure.printStackTrace(System.err);
          }
        }
      };

  private static volatile Consumer<? super GoroutineException> uncaught = PRINT_TO_STDERR;

  /**
   * Starts {@code body} in a new goroutine (a virtual thread named {@code goroutine-N}) and
   * returns its thread, which callers may {@link Thread#join() join} or interrupt.
   */
  public static Thread go(Runnable body) {
    Objects.requireNonNull(body, "body");
    StackWalker.StackFrame origin = CAPTURE_ORIGIN ? callerOf() : null;
    Thread t =
        GOROUTINES.newThread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                String where = origin == null ? null : origin.toStackTraceElement().toString();
                report(new GoroutineException(Thread.currentThread().getName(), where, e));
              }
            });
    t.start();
    return t;
  }

  /**
   * Sets the handler for exceptions that escape goroutines; {@code null} restores the default,
   * which prints them to standard error. A handler that throws is itself reported to standard
   * error.
   */
  public static void onUncaught(Consumer<? super GoroutineException> handler) {
    uncaught = handler == null ? PRINT_TO_STDERR : handler;
  }

  static void report(GoroutineException e) {
    try {
      uncaught.accept(e);
    } catch (Throwable handlerFailure) {
      e.addSuppressed(handlerFailure);
      PRINT_TO_STDERR.accept(e);
    }
  }

  /** The first frame outside the core library: where the user called {@code go}. */
  private static StackWalker.StackFrame callerOf() {
    return WALKER.walk(frames -> frames.filter(f -> !isCore(f.getClassName())).findFirst().orElse(null));
  }

  private static boolean isCore(String className) {
    return className.startsWith("dev.kanal.")
        && (className.indexOf('.', "dev.kanal.".length()) < 0
            || className.startsWith("dev.kanal.pool.")
            || className.startsWith("dev.kanal.pattern."));
  }
}

package dev.kanal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
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

  /**
   * Numbers goroutines for their names. Not {@code Thread.ofVirtual().name("goroutine-", 1)}:
   * that factory counts with a {@code VarHandle} on a {@code long}, whose first use makes the
   * JDK generate its invoker classes, several milliseconds of the first {@code go} in a young
   * JVM (the worker-pools demo's start, docs/BENCHMARKS.md). An {@code AtomicLong} costs the
   * same per call and nothing at start.
   */
  private static final AtomicLong GOROUTINE_IDS = new AtomicLong();

  private static final boolean CAPTURE_ORIGIN =
      !"false".equalsIgnoreCase(System.getProperty("kanal.goroutine.origin", "true"));

  /** A small first batch: the caller is a few frames up, and fetching frames is the cost. */
  private static final StackWalker WALKER =
      StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 4);

  /**
   * Whether a class is the library's own: in a core package and loaded from the same jar (or
   * class folder) as this class, so that a user's class that happens to share a package name,
   * such as a test, still counts as the caller. Cached per class.
   */
  private static final ClassValue<Boolean> LIBRARY =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
          return inCorePackage(c.getName()) && Objects.equals(location(c), location(Go.class));
        }
      };

  /**
   * Prints the report in one write, so that two goroutines failing at once do not interleave
   * their lines (and without holding a monitor around the blocking write).
   */
  private static final Consumer<GoroutineException> PRINT_TO_STDERR =
      e -> {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println("panic: " + e.getMessage());
        e.getCause().printStackTrace(out);
        // report() attaches a failing handler's own exception here: print it, or it is lost.
        for (Throwable handlerFailure : e.getSuppressed()) {
          out.print("the uncaught handler failed too: ");
          handlerFailure.printStackTrace(out);
        }
        out.flush();
        System.err.print(text);
        System.err.flush();
      };

  private static volatile Consumer<? super GoroutineException> uncaught = PRINT_TO_STDERR;

  /**
   * Starts {@code body} in a new goroutine (a virtual thread named {@code goroutine-N}) and
   * returns its thread, which callers may {@link Thread#join() join} or interrupt.
   */
  public static Thread go(Runnable body) {
    return go(body, null);
  }

  /**
   * Starts {@code body} like {@link #go(Runnable)} and runs {@code afterwards} when it has
   * ended, after an escaping exception has been reported: {@code WaitGroup.go} counts the
   * goroutine done only then, so {@code await} never returns before the failure is seen.
   */
  static Thread go(Runnable body, Runnable afterwards) {
    Objects.requireNonNull(body, "body");
    return go(body, afterwards, CAPTURE_ORIGIN ? callerOf() : null);
  }

  /**
   * Where the user's code stands now, for a goroutine that the library starts later on its
   * behalf ({@link Time#afterFunc}: the goroutine starts on the timer's thread, whose stack says
   * nothing of the user); null when origins are off, or when {@code f} is the library's own (the
   * worker pool's per-job timers: no stack walk per job for a report nobody reads).
   */
  static StackWalker.StackFrame originFor(Object f) {
    return CAPTURE_ORIGIN && !LIBRARY.get(f.getClass()) ? callerOf() : null;
  }

  /** {@link #go(Runnable, Runnable)} with the place to report as where it was started. */
  static Thread go(Runnable body, Runnable afterwards, StackWalker.StackFrame origin) {
    Escaped escaped = new Escaped(origin);
    Thread.Builder.OfVirtual goroutine =
        Thread.ofVirtual()
            .name("goroutine-".concat(Long.toString(GOROUTINE_IDS.incrementAndGet())))
            .uncaughtExceptionHandler(escaped);
    Thread t;
    if (afterwards == null) {
      // The body is the thread's own task, with no frame of the library's between the thread's
      // entry and the body. A goroutine resumed after a long park thaws its stack one frame at
      // a time, each return into a frame not yet thawed paying about 70 ns (docs/BENCHMARKS.md,
      // Spawn): a wrapper's frame was that much more per goroutine on every release.
      t = goroutine.unstarted(body);
    } else {
      // The JDK calls the handler after the task has returned, too late for `afterwards`, which
      // must come after the report (WaitGroup.go counts the goroutine done only then).
      t =
          goroutine.unstarted(
              () -> {
                try {
                  body.run();
                } catch (Throwable e) {
                  escaped.uncaughtException(Thread.currentThread(), e);
                } finally {
                  afterwards.run();
                }
              });
    }
    t.start();
    return t;
  }

  /**
   * Reports an exception that escaped a goroutine's body, on the goroutine's thread before it
   * ends: the JDK calls a thread's uncaught-exception handler there.
   */
  private record Escaped(StackWalker.StackFrame origin) implements Thread.UncaughtExceptionHandler {
    @Override
    public void uncaughtException(Thread t, Throwable e) {
      String where = origin == null ? null : origin.toStackTraceElement().toString();
      report(new GoroutineException(t.getName(), where, e));
    }
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
    return WALKER.walk(
        frames -> frames.filter(f -> !LIBRARY.get(f.getDeclaringClass())).findFirst().orElse(null));
  }

  private static boolean inCorePackage(String className) {
    return className.startsWith("dev.kanal.")
        && (className.indexOf('.', "dev.kanal.".length()) < 0
            || className.startsWith("dev.kanal.pool.")
            || className.startsWith("dev.kanal.pattern."));
  }

  private static java.net.URL location(Class<?> c) {
    java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }
}

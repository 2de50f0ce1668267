package dev.kanal.cli.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Takes over Ctrl-C (SIGINT) while a run lasts, and gives it back after: the JVM's own handler
 * would end the process at once, leaving running jobs behind and the job log short. Each press
 * is counted and handed to the run ({@code 1}: stop starting jobs, {@code 2}: kill the running
 * ones, {@code 3}: give up at once).
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the only way a Java program can handle
 * SIGINT and go on; it is used only here, in the command line, never in kanal-core. It is
 * reached by reflection, for two reasons: javac warns about every direct use of {@code sun.misc}
 * and no option silences it, and a JVM without it (or started with {@code -Xrs}, which refuses
 * the handler) must still run jobs: there Ctrl-C ends the JVM as usual, and the run's shutdown
 * hook still kills the jobs' processes.
 */
final class Interrupts implements AutoCloseable {
  private final Object signal;
  private final Object previous;
  private final Method handle;
  private final AtomicInteger presses = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Interrupts(IntConsumer onPress) {
    Object sig = null;
    Object old = null;
    Method h = null;
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      sig = signalClass.getConstructor(String.class).newInstance("INT");
      h = signalClass.getMethod("handle", signalClass, handlerClass);
      Object handler =
          Proxy.newProxyInstance(
              handlerClass.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      onPress.accept(presses.incrementAndGet());
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "kanal run's Ctrl-C handler";
                  });
      old = h.invoke(null, sig, handler);
    } catch (ReflectiveOperationException | RuntimeException refused) {
      sig = null; // no SIGINT handling here: Ctrl-C ends the JVM, the shutdown hook kills the jobs
    }
    this.signal = sig;
    this.previous = old;
    this.handle = h;
  }

  /** Calls {@code onPress} with 1, 2, 3... on each SIGINT, until {@link #close()}. */
  static Interrupts trap(IntConsumer onPress) {
    return new Interrupts(onPress);
  }

  /** {@link #trap} on a new thread: the handler's proxy class takes milliseconds to make. */
  static CompletableFuture<Interrupts> trapInBackground(IntConsumer onPress) {
    CompletableFuture<Interrupts> trapped = new CompletableFuture<>();
    Thread.ofPlatform().name("kanal-run-ctrl-c").daemon().start(() -> {
      try {
        trapped.complete(trap(onPress));
      } catch (Throwable t) {
        trapped.completeExceptionally(t);
      }
    });
    return trapped;
  }

  /** Gives SIGINT back to the handler it had before; only the first call does anything. */
  @Override
  public void close() {
    if (signal == null || previous == null || !closed.compareAndSet(false, true)) {
      return;
    }
    try {
      handle.invoke(null, signal, previous);
    } catch (IllegalAccessException | InvocationTargetException e) {
      // Cannot happen once the first call worked; the old handler simply stays replaced.
    }
  }
}

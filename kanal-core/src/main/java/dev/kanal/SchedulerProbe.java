package dev.kanal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells a virtual thread about to park whether other virtual threads wait for a carrier: the
 * question that decides whether a brief spin can pay.
 *
 * <h2>Why a spin needs this</h2>
 *
 * <p>When a virtual thread wakes its partner, the partner is pushed onto the waker's own
 * carrier queue. If the waker then spins waiting for the partner's answer, the partner cannot
 * run on that carrier until the spin ends: spinning delays the very answer it waits for, and
 * on shapes with more goroutines than carriers it takes a carrier from somebody runnable. So a
 * virtual thread may spin only while no virtual thread is queued to run. The JDK's own
 * {@code LinkedTransferQueue} asks the same question through a package-private method of
 * {@code ForkJoinWorkerThread}; a library cannot reach it. From JDK 24 on, the
 * {@code jdk.management.VirtualThreadSchedulerMXBean} answers it publicly, as the number of
 * virtual threads queued to the default scheduler (a scan of the scheduler's queues, about
 * 13 ns on two carriers when they are quiet).
 *
 * <h2>Protocol</h2>
 *
 * <p>Looking the bean up loads the management classes, about 30 ms. A program that never parks
 * a virtual thread must not pay that, and none should pay it on its critical path, so the
 * first caller starts the lookup on a daemon thread and gets "unknown", which means "do not
 * spin", as does every caller until the lookup has ended and set {@link #ready} (volatile). The
 * lookup is the initialiser of a class of its own, {@link Bean}, whose one field holds the
 * bean's method bound to the bean: a constant to the JIT, which inlines the bean's method into
 * every caller. A failed lookup (JDK 21 to 23, no {@code jdk.management} module) leaves there a
 * handle that always answers "unknown", so virtual threads then park at once, as they did
 * before; with no thread to look with, {@code ready} is never set, with the same effect.
 *
 * <p>No method handle is made or first invoked on a caller's thread: each new shape of handle
 * makes the JDK generate classes (its lambda forms) that no start-up cache holds, a millisecond
 * or more each while the JVM is young. When this class set a {@code MutableCallSite} up in its
 * own initialiser, the first goroutine to wait on a channel paid about four of them before it
 * could take its first value (docs/BENCHMARKS.md, the worker-pools demo as a whole process).
 * The lookup thread invokes the handle once before it sets {@code ready}, so that the callers'
 * first call finds its invoker made.
 *
 * <p>{@code -Dkanal.virtualSpins=0} turns the spin off; the probe is then never started.
 */
final class SchedulerProbe {
  private SchedulerProbe() {}

  /** How many times a virtual thread may spin before it parks; 0 turns the probe off. */
  static final int VIRTUAL_SPINS =
      Runtime.getRuntime().availableProcessors() > 1
          ? Integer.getInteger("kanal.virtualSpins", 128)
          : 0;

  private static final long UNKNOWN = -1;

  /** True once {@link Bean} is initialised and its handle invoked once. */
  private static volatile boolean ready;

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  /**
   * How many virtual threads are queued to the default scheduler, or a negative number while
   * that is unknown. Never blocks.
   */
  static long queuedThreads() {
    if (!ready) {
      startLookUp();
      return UNKNOWN;
    }
    try {
      return (long) Bean.COUNT.invokeExact();
    } catch (Throwable e) {
      return UNKNOWN; // a probe that fails is a probe that says nothing: park as before
    }
  }

  /** Initialised only by the lookup thread: its initialiser is the lookup. */
  private static final class Bean {
    /** The bean's {@code getQueuedVirtualThreadCount} bound to the bean, or "unknown". */
    static final MethodHandle COUNT = lookUp();
  }

  /** Starts the lookup once. */
  private static void startLookUp() {
    if (!STARTED.get() && STARTED.compareAndSet(false, true)) {
      try {
        Thread t = new Thread(SchedulerProbe::prepare, "kanal-scheduler-probe");
        t.setDaemon(true);
        t.start();
      } catch (Throwable e) {
        // No thread to look with (out of native threads, say): never spin, and never let the
        // probe's trouble reach the channel operation that asked.
      }
    }
  }

  /** On the lookup thread: the lookup, the handle's first call (its invoker), then ready. */
  private static void prepare() {
    try {
      long unused = (long) Bean.COUNT.invokeExact();
      ready = true;
    } catch (Throwable e) {
      // Bean failed to initialise: stay unknown.
    }
  }

  private static MethodHandle lookUp() {
    MethodHandle found = MethodHandles.constant(long.class, UNKNOWN);
    try {
      Class<?> beanType = Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
      Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
      Method get = factory.getMethod("getPlatformMXBean", Class.class);
      Object bean = get.invoke(null, beanType);
      if (bean != null) {
        MethodHandle count =
            MethodHandles.publicLookup()
                .findVirtual(
                    beanType, "getQueuedVirtualThreadCount", MethodType.methodType(long.class))
                .bindTo(bean);
        if ((long) count.invokeExact() >= 0) {
          found = count;
        }
      }
    } catch (Throwable e) {
      // JDK 21-23, or the management modules are not in the image: virtual threads park at once.
    }
    return found;
  }
}

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
 * spin", as does every caller until the lookup has published the bean's method as a handle in
 * {@link #answer} (a volatile write; callers read it once per question). A failed lookup (JDK
 * 21 to 23, no {@code jdk.management} module, no thread to look with) publishes a handle that
 * always answers "unknown", so virtual threads then park at once, as they did before.
 *
 * <p>No method handle is made or first invoked on a caller's thread: each new shape of handle
 * makes the JDK generate classes (its lambda forms) that no start-up cache holds, a millisecond
 * or more each while the JVM is young. When this class set a {@code MutableCallSite} up in its
 * initialiser, the first goroutine to wait on a channel paid about four of them before it
 * could take its first value (docs/BENCHMARKS.md, the worker-pools demo as a whole process).
 * The lookup thread invokes the handle once before it publishes it, with the call shape the
 * callers use, so that their first call finds the invoker ready. JMH saw no difference on
 * ChanSync between a handle read from a field and one the JIT could inline through a call site.
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

  /**
   * The bean's {@code getQueuedVirtualThreadCount} bound to the bean, or a handle that always
   * answers {@link #UNKNOWN} if the lookup failed; null until the lookup has ended.
   */
  private static volatile MethodHandle answer;

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  /**
   * How many virtual threads are queued to the default scheduler, or a negative number while
   * that is unknown. Never blocks.
   */
  static long queuedThreads() {
    MethodHandle h = answer;
    if (h == null) {
      startLookUp();
      return UNKNOWN;
    }
    return ask(h);
  }

  /** The one call site of every question, the lookup's own first one included. */
  private static long ask(MethodHandle h) {
    try {
      return (long) h.invokeExact();
    } catch (Throwable e) {
      return UNKNOWN; // a probe that fails is a probe that says nothing: park as before
    }
  }

  /** Starts the lookup once. */
  private static void startLookUp() {
    if (!STARTED.get() && STARTED.compareAndSet(false, true)) {
      try {
        Thread t = new Thread(SchedulerProbe::lookUp, "kanal-scheduler-probe");
        t.setDaemon(true);
        t.start();
      } catch (Throwable e) {
        // No thread to look with (out of native threads, say): never spin, and never let the
        // probe's trouble reach the channel operation that asked.
        answer = MethodHandles.constant(long.class, UNKNOWN);
      }
    }
  }

  private static void lookUp() {
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
        if (ask(count) >= 0) {
          found = count;
        }
      }
    } catch (Throwable e) {
      // JDK 21-23, or the management modules are not in the image: virtual threads park at once.
    }
    ask(found); // its invoker too, before any caller needs it
    answer = found;
  }
}

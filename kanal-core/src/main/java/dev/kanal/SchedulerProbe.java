package dev.kanal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
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
 * spin", as does every caller until the lookup has published its handle: the new target of a
 * {@link MutableCallSite}, set once. A failed lookup (JDK 21 to 23, no {@code jdk.management}
 * module, no thread to look with) publishes a handle that always answers "unknown", so virtual
 * threads then park at once, as they did before.
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
  private static final MethodHandle ALWAYS_UNKNOWN = MethodHandles.constant(long.class, UNKNOWN);

  /**
   * The question, as a call site whose target changes once: first {@link #firstAsked} (starts
   * the lookup, answers "unknown"), then the bean's {@code getQueuedVirtualThreadCount} bound
   * to the bean, or {@link #ALWAYS_UNKNOWN} if the lookup failed. {@link #ASK} is a constant to
   * the JIT, which inlines the current target and recompiles when it changes (a handle read
   * from a volatile field is invoked without inlining; JMH saw no difference on ChanSync, so
   * this is for the JIT's sake rather than a measured gain).
   */
  private static final MutableCallSite SITE;

  private static final MethodHandle ASK;

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  static {
    try {
      SITE =
          new MutableCallSite(
              MethodHandles.lookup()
                  .findStatic(
                      SchedulerProbe.class, "firstAsked", MethodType.methodType(long.class)));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    ASK = SITE.dynamicInvoker();
  }

  /**
   * How many virtual threads are queued to the default scheduler, or a negative number while
   * that is unknown. Never blocks.
   */
  static long queuedThreads() {
    try {
      return (long) ASK.invokeExact();
    } catch (Throwable e) {
      return UNKNOWN; // a probe that fails is a probe that says nothing: park as before
    }
  }

  /** The call site's first target: starts the lookup once, and knows nothing yet. */
  private static long firstAsked() {
    if (!STARTED.get() && STARTED.compareAndSet(false, true)) {
      try {
        Thread t = new Thread(SchedulerProbe::lookUp, "kanal-scheduler-probe");
        t.setDaemon(true);
        t.start();
      } catch (Throwable e) {
        // No thread to look with (out of native threads, say): never spin, and never let the
        // probe's trouble reach the channel operation that asked.
        answerWith(ALWAYS_UNKNOWN);
      }
    }
    return UNKNOWN;
  }

  private static void answerWith(MethodHandle target) {
    SITE.setTarget(target);
    MutableCallSite.syncAll(new MutableCallSite[] {SITE});
  }

  private static void lookUp() {
    MethodHandle found = ALWAYS_UNKNOWN;
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
        long now = (long) count.invokeExact();
        if (now >= 0) {
          found = count;
        }
      }
    } catch (Throwable e) {
      // JDK 21-23, or the management modules are not in the image: virtual threads park at once.
    }
    answerWith(found);
  }
}

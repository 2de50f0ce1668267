package dev.kanal.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.CancellableContext;
import dev.kanal.Context;
import dev.kanal.ContextCancelledException;
import dev.kanal.Go;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ResourcePool (seed 004's Pool, and what users expect beyond it). */
class ResourcePoolTest {
  private static final int SCALE = Integer.getInteger("kanal.stress.scale", 1);
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  /** The seed's dbConnection: an id, and a close that must happen exactly once. */
  static final class Conn implements AutoCloseable {
    static final AtomicInteger IDS = new AtomicInteger();
    final int id = IDS.incrementAndGet();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicBoolean busy = new AtomicBoolean();
    Runnable onClose = () -> {};

    @Override
    public void close() {
      closes.incrementAndGet();
      onClose.run();
    }

    @Override
    public String toString() {
      return "Conn#" + id;
    }
  }

  private final ConcurrentLinkedQueue<Conn> made = new ConcurrentLinkedQueue<>();
  private final AtomicInteger alive = new AtomicInteger();
  private final AtomicInteger maxAlive = new AtomicInteger();

  private Conn make() {
    Conn c = new Conn();
    made.add(c);
    maxAlive.accumulateAndGet(alive.incrementAndGet(), Math::max);
    c.onClose = alive::decrementAndGet;
    return c;
  }

  @AfterEach
  void noGoroutineLeft() {
    LeakCheck.assertNoPatternGoroutineLeft();
  }

  @Test
  void acquireMakesThenSharesAndReleaseKeepsUpToSize() {
    List<String> events = new ArrayList<>();
    ResourcePool<Conn> p = new ResourcePool<>(this::make, 2);
    p.onEvent((e, c) -> events.add(e + " " + c.id));

    Conn a = p.acquire();
    Conn b = p.acquire();
    Conn c = p.acquire();
    p.release(a);
    p.release(b);
    p.release(c); // the pool already holds 2: c is closed
    Conn again = p.acquire();

    assertThat(again).isSameAs(a);
    assertThat(c.closes).hasValue(1);
    assertThat(p.idle()).isEqualTo(1);
    assertThat(p.inUse()).isEqualTo(1);
    assertThat(events)
        .containsExactly(
            "ACQUIRE_NEW " + a.id,
            "ACQUIRE_NEW " + b.id,
            "ACQUIRE_NEW " + c.id,
            "RELEASE_IN_QUEUE " + a.id,
            "RELEASE_IN_QUEUE " + b.id,
            "RELEASE_CLOSING " + c.id,
            "ACQUIRE_SHARED " + a.id);
  }

  @Test
  void closeClosesEveryIdleResourceAndThoseInUseOnRelease() {
    ResourcePool<Conn> p = new ResourcePool<>(this::make, 2);
    Conn a = p.acquire();
    Conn b = p.acquire();
    p.release(a);

    p.close();
    p.close(); // idempotent

    assertThat(a.closes).hasValue(1);
    assertThat(b.closes).hasValue(0);
    p.release(b);
    assertThat(b.closes).hasValue(1);
    assertThat(p.isClosed()).isTrue();
  }

  @Test
  void acquireAfterCloseFailsClearly() {
    ResourcePool<Conn> p = new ResourcePool<>(this::make, 1);
    p.close();
    assertThatThrownBy(p::acquire)
        .isInstanceOf(ResourcePool.ClosedException.class)
        .hasMessage("ResourcePool.acquire: the pool has been closed");
    assertThatThrownBy(() -> p.acquire(Duration.ofSeconds(1))).isInstanceOf(ResourcePool.ClosedException.class);
  }

  @Test
  void aResourceIsNeverReleasedTwice() {
    ResourcePool<Conn> p = new ResourcePool<>(this::make, 2);
    Conn a = p.acquire();
    p.release(a);

    assertThatIllegalStateException()
        .isThrownBy(() -> p.release(a))
        .withMessage(
            "ResourcePool.release: "
                + a
                + " was not acquired from this pool or was already released; release each resource exactly once");
    assertThatIllegalStateException().isThrownBy(() -> p.release(new Conn()));
    assertThat(p.idle()).isEqualTo(1);
    p.close();
    assertThat(a.closes).hasValue(1);
  }

  @Test
  void withAMaximumAcquireWaitsForARelease() throws Exception {
    ResourcePool<Conn> p = new ResourcePool<>(this::make, 1, 2);
    Conn a = p.acquire();
    Conn b = p.acquire();
    AtomicReference<Conn> got = new AtomicReference<>();
    Thread waiter = Go.go(() -> got.set(p.acquire()));
    dev.kanal.TestSupport.awaitBlocked(waiter);

    p.release(b);

    assertThat(waiter.join(GENEROUS)).isTrue();
    assertThat(got.get()).isSameAs(b);
    assertThat(made).hasSize(2);
    p.release(a);
    p.release(got.get());
    p.close();
  }

  @Test
  void aClosedResourceFreesItsSlotForANewOne() throws Exception {
    ResourcePool<Conn> p = new ResourcePool<>(this::make, 1, 2);
    Conn a = p.acquire();
    Conn b = p.acquire();
    p.release(a); // idle: 1, full
    Conn shared = p.acquire(); // a again
    AtomicReference<Conn> got = new AtomicReference<>();
    Thread waiter = Go.go(() -> got.set(p.acquire()));
    dev.kanal.TestSupport.awaitBlocked(waiter);
    p.release(shared); // goes straight to the waiter
    assertThat(waiter.join(GENEROUS)).isTrue();
    assertThat(got.get()).isSameAs(a);
    p.release(got.get()); // idle again

    p.release(b); // the idle slot is full: b is closed, which frees a live slot
    Conn third = p.acquire(); // a, from idle
    Conn fresh = p.acquire(); // a new one, in b's slot

    assertThat(b.closes).hasValue(1);
    assertThat(third).isSameAs(a);
    assertThat(made).hasSize(3).contains(fresh);
    p.release(third);
    p.release(fresh);
    p.close();
  }

  @Test
  void acquireWithATimeoutGivesUp() {
    ResourcePool<Conn> p = new ResourcePool<>(this::make, 1, 1);
    Conn a = p.acquire();

    assertThatThrownBy(() -> p.acquire(Duration.ofMillis(50)))
        .isInstanceOf(ResourcePool.AcquireTimeoutException.class)
        .hasMessage("ResourcePool.acquire: no resource came back within PT0.05S (all 1 live resources are in use)");

    p.release(a);
    assertThat(p.acquire(Duration.ofMillis(50))).isSameAs(a);
    p.close();
  }

  @Test
  void acquireWithAContextGivesUpWhenItEnds() throws Exception {
    ResourcePool<Conn> p = new ResourcePool<>(this::make, 1, 1);
    p.acquire();
    CancellableContext ctx = Context.withCancel(Context.background());
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread waiter =
        Go.go(
            () -> {
              try {
                p.acquire(ctx);
              } catch (Throwable e) {
                outcome.set(e);
              }
            });
    dev.kanal.TestSupport.awaitBlocked(waiter);

    ctx.cancel();

    assertThat(waiter.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isInstanceOf(ContextCancelledException.class);
    p.close();
  }

  @Test
  void closingWakesAWaitingAcquire() throws Exception {
    ResourcePool<Conn> p = new ResourcePool<>(this::make, 1, 1);
    p.acquire();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread waiter =
        Go.go(
            () -> {
              try {
                p.acquire();
              } catch (Throwable e) {
                outcome.set(e);
              }
            });
    dev.kanal.TestSupport.awaitBlocked(waiter);

    p.close();

    assertThat(waiter.join(GENEROUS)).isTrue();
    assertThat(outcome.get()).isInstanceOf(ResourcePool.ClosedException.class);
  }

  @Test
  void factoryFailuresReachTheCallerAndGiveTheSlotBack() {
    AtomicInteger calls = new AtomicInteger();
    ResourcePool<Conn> p =
        new ResourcePool<>(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IOException("connection refused");
              }
              return make();
            },
            1,
            1);

    assertThatThrownBy(p::acquire)
        .isInstanceOf(ResourcePool.ResourceException.class)
        .hasMessage("ResourcePool: the factory failed: java.io.IOException: connection refused")
        .hasCauseInstanceOf(IOException.class);
    Conn c = p.acquire(Duration.ofMillis(100)); // the slot came back
    assertThat(c).isNotNull();
    p.release(c);
    p.close();
  }

  @Test
  void closeFailuresAreReportedAfterEveryResourceIsClosed() {
    AtomicInteger closed = new AtomicInteger();
    ResourcePool<AutoCloseable> p =
        new ResourcePool<>(
            () ->
                () -> {
                  closed.incrementAndGet();
                  throw new IOException("close failed");
                },
            2);
    AutoCloseable a = p.acquire();
    AutoCloseable b = p.acquire();
    p.release(a);
    p.release(b);

    assertThatThrownBy(p::close)
        .isInstanceOf(ResourcePool.ResourceException.class)
        .hasCauseInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(closed).hasValue(2);
  }

  @Test
  void badSizesAreRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ResourcePool<>(this::make, 0))
        .withMessage("ResourcePool: size must be at least 1, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ResourcePool<>(this::make, 3, 2))
        .withMessage("ResourcePool: maxLive (2) must be at least size (3), or -1 for no maximum");
  }

  @Test
  void stressNoResourceIsSharedOrLostOrClosedTwice() throws Exception {
    for (int round = 0; round < 30 * SCALE; round++) {
      made.clear();
      maxAlive.set(0);
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      int size = rnd.nextInt(1, 4);
      int max = rnd.nextBoolean() ? -1 : size + rnd.nextInt(0, 3);
      ResourcePool<Conn> p = new ResourcePool<>(this::make, size, max);
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger live = new AtomicInteger();
      AtomicInteger maxSeen = new AtomicInteger();
      boolean closeEarly = rnd.nextInt(4) == 0;
      List<Thread> threads = new ArrayList<>();
      for (int g = 0; g < 25; g++) {
        threads.add(
            Go.go(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    Conn c;
                    try {
                      c = p.acquire();
                    } catch (ResourcePool.ClosedException closed) {
                      return;
                    }
                    try {
                      if (!c.busy.compareAndSet(false, true)) {
                        failures.add(new AssertionError(c + " handed to two goroutines"));
                      }
                      maxSeen.accumulateAndGet(live.incrementAndGet(), Math::max);
                      Thread.yield();
                      live.decrementAndGet();
                      c.busy.set(false);
                    } finally {
                      p.release(c);
                    }
                  }
                }));
      }
      if (closeEarly) {
        p.close();
      }
      for (Thread t : threads) {
        assertThat(t.join(GENEROUS)).isTrue();
      }
      p.close();

      assertThat(failures).isEmpty();
      if (max > 0) {
        assertThat(maxAlive.get()).as("most resources alive at once").isLessThanOrEqualTo(max);
        assertThat(maxSeen.get()).isLessThanOrEqualTo(max);
      }
      assertThat(made).allSatisfy(c -> assertThat(c.closes).as("%s closes", c).hasValue(1));
      assertThat(p.inUse()).isZero();
      assertThat(p.idle()).isZero();
      assertThat(alive).hasValue(0);
    }
  }
}

package dev.kanal.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Supplier;

/**
 * The channel operations that the benchmark shapes need, over every implementation compared:
 * Kanal, jox and the JDK's blocking queues. One implementation is loaded per JMH fork, so calls
 * through this interface stay monomorphic and inline.
 *
 * <p>Implementation names (the {@code impl} parameter of every benchmark): {@code kanal},
 * {@code jox}, and for the JDK a queue and a thread kind: {@code sq} SynchronousQueue, {@code
 * abq} ArrayBlockingQueue, {@code lbq} LinkedBlockingQueue (bounded), {@code ltq}
 * LinkedTransferQueue ({@code transfer} when the shape is unbuffered, otherwise unbounded
 * {@code put}), each with {@code -vt} (virtual threads) or {@code -pt} (platform threads).
 */
interface Pipe {

  /** Blocks until the value is taken (unbuffered) or buffered. */
  void send(Integer value);

  /** The next value; {@code null} once the pipe is closed and drained. */
  Integer receive();

  /** Sends only if that needs no waiting; false otherwise. */
  boolean trySend(Integer value);

  /** A value that is ready now, or {@code null} when none is (or the pipe is closed). */
  Integer tryReceive();

  /** Go's {@code close}; only where {@link #closable()} (the JDK queues have no close). */
  void close();

  /** Whether {@link #close()} exists; shapes use poison values where it does not. */
  boolean closable();

  /**
   * A pipe of {@code capacity} (0 = unbuffered) for {@code impl}.
   *
   * @throws IllegalArgumentException for an unknown implementation, or a queue that cannot have
   *     that capacity (a SynchronousQueue is only unbuffered, an array queue never is)
   */
  static Pipe of(String impl, int capacity) {
    return factory(impl, capacity).get();
  }

  /**
   * Makes pipes of {@code capacity} for {@code impl}, with the name read and the capacity checked
   * once: a shape that makes a pipe per operation (ChanCreation) measures the pipe, not the
   * lookup (a regex on the name cost 180-220 ns per call, more than a channel).
   *
   * @throws IllegalArgumentException as {@link #of}
   */
  static Supplier<Pipe> factory(String impl, int capacity) {
    String base =
        impl.endsWith("-vt") || impl.endsWith("-pt") ? impl.substring(0, impl.length() - 3) : impl;
    return switch (base) {
      case "kanal" -> () -> new KanalPipe(capacity);
      case "jox" -> () -> new JoxPipe(capacity);
      case "sq" -> {
        requireCapacity(impl, capacity, capacity == 0, "only unbuffered shapes");
        yield () -> new QueuePipe(new SynchronousQueue<>(), false);
      }
      case "abq" -> {
        requireCapacity(impl, capacity, capacity > 0, "only buffered shapes");
        yield () -> new QueuePipe(new ArrayBlockingQueue<>(capacity), false);
      }
      case "lbq" -> {
        requireCapacity(impl, capacity, capacity > 0, "only buffered shapes");
        yield () -> new QueuePipe(new LinkedBlockingQueue<>(capacity), false);
      }
      case "ltq" -> () -> new QueuePipe(new LinkedTransferQueue<>(), capacity == 0);
      default -> throw new IllegalArgumentException("unknown implementation '" + impl + "'");
    };
  }

  private static void requireCapacity(String impl, int capacity, boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(
          impl + " cannot model a channel of capacity " + capacity + ": use it for " + what);
    }
  }
}

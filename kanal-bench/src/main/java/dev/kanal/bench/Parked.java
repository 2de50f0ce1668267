package dev.kanal.bench;

import dev.kanal.Channel;
import dev.kanal.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A crowd of goroutines parked on one receive, for the Spawn shape: {@link #start} starts them
 * all and returns once every one has begun (the next thing each does is block), {@link
 * #awaitParked} waits until each is really parked, {@link #release} wakes them all the way the
 * implementation would ({@code close} for a channel), and {@link #awaitFinished} returns once
 * every one has run to its end.
 *
 * <p>Implementations: {@code kanal} (Go.go, receive on an unbuffered channel, released by
 * close), {@code jox} (the same on a jox rendezvous channel, released by done, see {@link
 * #onLargeStack}), {@code
 * latch-vt} (virtual threads awaiting a CountDownLatch, released by one countDown), {@code
 * unpark-vt} (virtual threads in LockSupport.park, released by one unpark each: the floor) and
 * {@code lbq-vt} (virtual threads in LinkedBlockingQueue.take, released by one poison each).
 */
final class Parked {
  private final String impl;
  private final int n;
  private final Thread[] threads;
  private final CountDownLatch started;
  private final CountDownLatch finished;

  private Channel<Integer> kanal;
  private com.softwaremill.jox.Channel<Integer> jox;
  private CountDownLatch gate;
  private volatile boolean released;
  private LinkedBlockingQueue<Integer> queue;

  Parked(String impl, int n) {
    this.impl = impl;
    this.n = n;
    this.threads = new Thread[n];
    this.started = new CountDownLatch(n);
    this.finished = new CountDownLatch(n);
    switch (impl) {
      case "kanal" -> kanal = Channel.unbuffered();
      case "jox" -> jox = com.softwaremill.jox.Channel.newRendezvousChannel();
      case "latch-vt" -> gate = new CountDownLatch(1);
      case "unpark-vt" -> {}
      case "lbq-vt" -> queue = new LinkedBlockingQueue<>();
      default -> throw new IllegalArgumentException("Spawn has no implementation '" + impl + "'");
    }
  }

  /** Starts the n goroutines; returns when each has started (and is about to block). */
  void start() {
    Runnable body = body();
    if (kanal != null) {
      for (int i = 0; i < n; i++) {
        threads[i] = Go.go(body);
      }
    } else {
      Thread.Builder.OfVirtual builder = Thread.ofVirtual();
      for (int i = 0; i < n; i++) {
        threads[i] = builder.start(body);
      }
    }
    await(started);
  }

  private Runnable body() {
    return switch (impl) {
      case "kanal" ->
          () -> {
            started.countDown();
            kanal.receiveOrNull();
            finished.countDown();
          };
      case "jox" ->
          () -> {
            started.countDown();
            try {
              jox.receiveOrClosed();
            } catch (InterruptedException e) {
              throw Interrupted.rethrow(e);
            }
            finished.countDown();
          };
      case "latch-vt" ->
          () -> {
            started.countDown();
            await(gate);
            finished.countDown();
          };
      case "unpark-vt" ->
          () -> {
            started.countDown();
            while (!released) {
              LockSupport.park(this);
            }
            finished.countDown();
          };
      default ->
          () -> {
            started.countDown();
            try {
              queue.take();
            } catch (InterruptedException e) {
              throw Interrupted.rethrow(e);
            }
            finished.countDown();
          };
    };
  }

  /** Waits until every goroutine is parked (Thread.State.WAITING). */
  void awaitParked() {
    for (Thread t : threads) {
      int spins = 0;
      while (t.getState() != Thread.State.WAITING) {
        if (++spins % 64 == 0) {
          Thread.yield();
        } else {
          Thread.onSpinWait();
        }
      }
    }
  }

  /** Wakes every goroutine the way the implementation does (does not wait for them). */
  void release() {
    switch (impl) {
      case "kanal" -> kanal.close();
      case "jox" -> onLargeStack(jox::done);
      case "latch-vt" -> gate.countDown();
      case "unpark-vt" -> {
        released = true;
        for (Thread t : threads) {
          LockSupport.unpark(t);
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          queue.add(Values.STOP);
        }
      }
    }
  }

  /**
   * Runs {@code r} on a platform thread with a 1 GiB stack and waits for it. jox 1.0.1's {@code
   * done()} recurses once per segment of waiting receivers ({@code closeCellsUntil}) and
   * overflows an ordinary stack with a million of them; this lets its release be timed at all.
   */
  private static void onLargeStack(Runnable r) {
    Thread t = new Thread(null, r, "jox-done", 1L << 30);
    t.start();
    Crew.joinUninterruptibly(t);
  }

  /** Returns once every goroutine has run to its end. */
  void awaitFinished() {
    await(finished);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }
}

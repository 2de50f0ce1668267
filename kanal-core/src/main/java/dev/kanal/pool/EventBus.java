package dev.kanal.pool;

import dev.kanal.Channel;
import dev.kanal.Go;
import java.time.Instant;
import java.util.List;

/**
 * Delivers a pool's events to its listeners and log sink from one goroutine.
 *
 * <h2>Implementation</h2>
 *
 * <p>Workers (and the pool) {@link #post} events into a {@link Mailbox}, which never blocks; the
 * dispatcher goroutine takes them in order and calls each listener, then the log sink. So a slow
 * listener delays only later events, and a listener that throws cannot reach a worker: its
 * exception is caught here, printed to standard error (with its stack trace the first time), and
 * told to the other listeners and the sink as a {@link PoolEvent.ListenerFailed} (a failure while
 * telling that is only printed, so there is no loop). {@link #closeAndAwait()} is called by the
 * pool once it has posted its last event: the dispatcher drains the mailbox, closes the log sink
 * (flushing it) and then closes {@code drained}, which the pool's termination waits for. Guarded by
 * {@code WorkerPoolEventsTest}.
 */
final class EventBus {
  private final Mailbox<PoolEvent> box = new Mailbox<>();
  private final List<PoolListener> listeners;
  private final LogSink sink;
  private final String poolName;
  private final Channel<Void> drained = Channel.unbuffered();

  /** Listeners whose first failure was printed with its stack trace; dispatcher only. */
  private final java.util.Set<Object> reported =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  EventBus(String poolName, List<PoolListener> listeners, LogSink sink) {
    this.poolName = poolName;
    this.listeners = List.copyOf(listeners);
    this.sink = sink;
    Go.go(this::dispatch);
  }

  void post(PoolEvent e) {
    box.offer(e);
  }

  /** Delivers what is left, closes the log sink, and returns when all of that is done. */
  void closeAndAwait() {
    box.close();
    drained.receiveOrNull();
  }

  private void dispatch() {
    Thread.currentThread().setName(poolName + "-events");
    try {
      while (true) {
        boolean closed = box.isClosed();
        PoolEvent e;
        while ((e = box.poll()) != null) {
          deliver(e);
        }
        if (closed) {
          return;
        }
        if (box.prepareToWait()) {
          box.signal().receive();
          box.awake();
        }
      }
    } finally {
      try {
        if (sink != null) {
          sink.close();
        }
      } catch (RuntimeException e) {
        System.err.println(
            "kanal pool " + poolName + ": closing the log sink failed: " + e.getMessage());
      } finally {
        drained.close();
      }
    }
  }

  private void deliver(PoolEvent e) {
    for (PoolListener l : listeners) {
      try {
        l.onEvent(e);
      } catch (Throwable failure) {
        reportFailure(l, e, failure);
      }
    }
    if (sink != null) {
      try {
        sink.write(e);
      } catch (Throwable failure) {
        reportFailure(sink, e, failure);
      }
    }
  }

  private void reportFailure(Object culprit, PoolEvent e, Throwable failure) {
    if (reported.add(culprit)) {
      System.err.println(
          "kanal pool "
              + poolName
              + ": listener "
              + culprit
              + " threw on "
              + e
              + " (later failures of this listener are reported in one line each):");
      failure.printStackTrace(System.err);
    } else {
      System.err.println(
          "kanal pool " + poolName + ": listener " + culprit + " threw again: " + failure);
    }
    PoolEvent told =
        new PoolEvent.ListenerFailed(Instant.now(), String.valueOf(culprit), e, failure);
    for (PoolListener other : listeners) {
      if (other != culprit) {
        try {
          other.onEvent(told);
        } catch (Throwable again) {
          System.err.println(
              "kanal pool "
                  + poolName
                  + ": listener "
                  + other
                  + " threw on "
                  + told
                  + ": "
                  + again);
        }
      }
    }
    if (sink != null && sink != culprit) {
      try {
        sink.write(told);
      } catch (Throwable again) {
        System.err.println("kanal pool " + poolName + ": log sink threw on " + told + ": " + again);
      }
    }
  }
}

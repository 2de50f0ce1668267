package dev.kanal.pool;

/**
 * Receives a pool's {@link PoolEvent}s. Listeners run one at a time, in event order, on the pool's
 * event goroutine, never on a worker: a slow listener delays only later events, never a job, and a
 * listener that throws is reported (to standard error, to the log sink and as a {@link
 * PoolEvent.ListenerFailed} to the other listeners) and keeps receiving events.
 */
@FunctionalInterface
public interface PoolListener {

  /** Handles one event. */
  void onEvent(PoolEvent event);
}

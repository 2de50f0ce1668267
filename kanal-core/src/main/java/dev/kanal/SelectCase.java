package dev.kanal;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One case of a {@link Select}: a receive, a send, a default or a timeout, with what to do when
 * it is chosen. Made by {@link ReceiveChannel#onReceive}, {@link ReceiveChannel#onReceiveApply},
 * {@link SendChannel#onSend}, {@link Select#onReceive}, {@link Select#onReceiveApply}, {@link Select#onSend}, {@link Select#otherwise} and
 * {@link Select#timeout}; immutable, so a case can be built once and used in many selects.
 *
 * @param <R> what the select returns when this case is chosen
 */
public final class SelectCase<R> {
  static final int RECEIVE = 0;
  static final int SEND = 1;
  static final int DEFAULT = 2;
  static final int TIMEOUT = 3;

  final int kind;
  /** Null for a case on a nil channel: such a case never fires, as in Go. */
  final HChan<Object> chan;

  final Object value;
  final Function<Object, ? extends R> onValue;
  final Supplier<? extends R> then;
  final long timeoutNanos;

  private SelectCase(
      int kind,
      HChan<Object> chan,
      Object value,
      Function<Object, ? extends R> onValue,
      Supplier<? extends R> then,
      long timeoutNanos) {
    this.kind = kind;
    this.chan = chan;
    this.value = value;
    this.onValue = onValue;
    this.then = then;
    this.timeoutNanos = timeoutNanos;
  }

  static <R> SelectCase<R> receive(HChan<Object> chan, Function<Object, ? extends R> onValue) {
    return new SelectCase<>(RECEIVE, chan, null, onValue, null, 0L);
  }

  static <R> SelectCase<R> send(HChan<Object> chan, Object value, Supplier<? extends R> then) {
    return new SelectCase<>(SEND, chan, value, null, then, 0L);
  }

  static <R> SelectCase<R> otherwise(Supplier<? extends R> then) {
    return new SelectCase<>(DEFAULT, null, null, null, then, 0L);
  }

  static <R> SelectCase<R> timeout(long nanos, Supplier<? extends R> then) {
    return new SelectCase<>(TIMEOUT, null, null, null, then, nanos);
  }

  boolean isChannelCase() {
    return kind <= SEND && chan != null;
  }

  /** Runs this receive case's handler with the outcome of a receive: a value or "closed". */
  R received(Object outcome) {
    return onValue.apply(outcome == HChan.CLOSED ? null : outcome);
  }

  /** Runs this send, default or timeout case's continuation. */
  R proceed() {
    return then == null ? null : then.get();
  }

  @Override
  public String toString() {
    return switch (kind) {
      case RECEIVE -> "receive from " + chan;
      case SEND -> "send " + value + " to " + chan;
      case DEFAULT -> "default";
      default -> "timeout after " + timeoutNanos + " ns";
    };
  }
}

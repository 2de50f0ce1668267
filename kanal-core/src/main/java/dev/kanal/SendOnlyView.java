package dev.kanal;

import java.time.Duration;

/** {@link Channel#sendOnly()}: a {@code chan<- E} that cannot be cast back to receive. */
final class SendOnlyView<E> implements SendChannel<E> {
  final HChan<E> chan;

  SendOnlyView(HChan<E> chan) {
    this.chan = chan;
  }

  @Override
  public void send(E value) {
    chan.send(value);
  }

  @Override
  public SendResult trySend(E value) {
    return chan.trySend(value);
  }

  @Override
  public SendResult trySend(E value, Duration timeout) {
    return chan.trySend(value, timeout);
  }

  @Override
  public void close() {
    chan.close();
  }

  @Override
  public boolean isClosed() {
    return chan.isClosed();
  }

  @Override
  public int len() {
    return chan.len();
  }

  @Override
  public int capacity() {
    return chan.capacity();
  }

  @Override
  public String toString() {
    return "SendOnly" + chan;
  }
}

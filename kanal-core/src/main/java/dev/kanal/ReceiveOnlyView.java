package dev.kanal;

import java.time.Duration;
import java.util.Iterator;

/** {@link Channel#receiveOnly()}: a {@code <-chan E} that cannot be cast back to send. */
final class ReceiveOnlyView<E> implements ReceiveChannel<E> {
  final HChan<E> chan;

  ReceiveOnlyView(HChan<E> chan) {
    this.chan = chan;
  }

  @Override
  public E receive() {
    return chan.receive();
  }

  @Override
  public E receiveOrNull() {
    return chan.receiveOrNull();
  }

  @Override
  public ReceiveResult<E> tryReceive() {
    return chan.tryReceive();
  }

  @Override
  public ReceiveResult<E> tryReceive(Duration timeout) {
    return chan.tryReceive(timeout);
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
  public Iterator<E> iterator() {
    return chan.iterator();
  }

  @Override
  public String toString() {
    return "ReceiveOnly" + chan;
  }
}

package dev.kanal.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TransferQueue;

/**
 * {@link Pipe} over a JDK blocking queue. A {@link TransferQueue} used as an unbuffered channel
 * sends with {@code transfer}, which waits for the receiver, as an unbuffered send does.
 */
final class QueuePipe implements Pipe {
  final BlockingQueue<Integer> q;
  private final TransferQueue<Integer> transfer;

  QueuePipe(BlockingQueue<Integer> q, boolean rendezvous) {
    this.q = q;
    this.transfer = rendezvous ? (TransferQueue<Integer>) q : null;
  }

  @Override
  public void send(Integer value) {
    try {
      if (transfer != null) {
        transfer.transfer(value);
      } else {
        q.put(value);
      }
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }

  @Override
  public Integer receive() {
    try {
      return q.take();
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }

  @Override
  public boolean trySend(Integer value) {
    return transfer != null ? transfer.tryTransfer(value) : q.offer(value);
  }

  @Override
  public Integer tryReceive() {
    return q.poll();
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException(
        "a JDK queue has no close: the shape must end with poison values");
  }

  @Override
  public boolean closable() {
    return false;
  }
}

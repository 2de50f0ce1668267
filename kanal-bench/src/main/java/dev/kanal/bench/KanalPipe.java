package dev.kanal.bench;

import dev.kanal.Channel;
import dev.kanal.SendResult;

/** {@link Pipe} over a Kanal channel, used the way a Kanal user writes it. */
final class KanalPipe implements Pipe {
  final Channel<Integer> ch;

  KanalPipe(int capacity) {
    ch = capacity == 0 ? Channel.unbuffered() : Channel.buffered(capacity);
  }

  @Override
  public void send(Integer value) {
    ch.send(value);
  }

  @Override
  public Integer receive() {
    return ch.receiveOrNull();
  }

  @Override
  public boolean trySend(Integer value) {
    return ch.trySend(value) == SendResult.SENT;
  }

  @Override
  public Integer tryReceive() {
    return ch.tryReceive().valueOrNull();
  }

  @Override
  public void close() {
    ch.close();
  }

  @Override
  public boolean closable() {
    return true;
  }
}

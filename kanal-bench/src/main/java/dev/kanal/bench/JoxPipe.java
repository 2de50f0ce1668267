package dev.kanal.bench;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.ChannelError;
import com.softwaremill.jox.Select;

/**
 * {@link Pipe} over a jox channel. jox has no try-operations: the non-blocking ones are a select
 * with a default clause, as jox documents.
 */
final class JoxPipe implements Pipe {
  private static final Object NONE = new Object();

  final Channel<Integer> ch;

  JoxPipe(int capacity) {
    ch = capacity == 0 ? Channel.newRendezvousChannel() : Channel.newBufferedChannel(capacity);
  }

  @Override
  public void send(Integer value) {
    try {
      ch.send(value);
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }

  @Override
  public Integer receive() {
    try {
      Object r = ch.receiveOrClosed();
      return value(r);
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }

  @Override
  public boolean trySend(Integer value) {
    try {
      return Select.select(ch.sendClause(value, () -> Boolean.TRUE), Select.defaultClause(Boolean.FALSE));
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }

  @Override
  public Integer tryReceive() {
    try {
      Object r = Select.<Object>selectOrClosed(ch.receiveClause(), Select.defaultClause(NONE));
      return r == NONE ? null : value(r);
    } catch (InterruptedException e) {
      throw Interrupted.rethrow(e);
    }
  }

  private static Integer value(Object r) {
    if (r instanceof ChannelError err) {
      throw new IllegalStateException("jox channel failed", err.cause());
    }
    return r instanceof ChannelClosed ? null : (Integer) r;
  }

  @Override
  public void close() {
    ch.done();
  }

  @Override
  public boolean closable() {
    return true;
  }
}

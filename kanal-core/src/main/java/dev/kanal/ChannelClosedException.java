package dev.kanal;

/**
 * Thrown by an operation that Go forbids on a closed channel: a send (or a select send case)
 * on a closed channel, a second {@code close}, or {@link ReceiveChannel#receive()} once the
 * channel is closed and drained.
 *
 * <p>Not the JDK's {@link java.nio.channels.ClosedChannelException}, which is checked and
 * belongs to NIO. To receive without an exception at the end, use
 * {@link ReceiveChannel#receiveOrNull()}, a {@code for} loop over the channel, or
 * {@link ReceiveChannel#tryReceive()}.
 */
public class ChannelClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ChannelClosedException(String message) {
    super(message);
  }
}

package dev.kanal;

/** What a non-blocking {@link SendChannel#trySend} did. */
public enum SendResult {
  /** The value was handed to a receiver or stored in the buffer. */
  SENT,
  /** No receiver was waiting and the buffer was full (or there is none): nothing was sent. */
  WOULD_BLOCK,
  /** The channel is closed: nothing was sent, and nothing ever will be. */
  CLOSED;

  /** True for {@link #SENT}. */
  public boolean isSent() {
    return this == SENT;
  }
}

package dev.kanal;

import java.util.Optional;

/** {@link Context#background()}: never ends, so its done channel is never closed. */
final class Background implements Context {
  static final Background INSTANCE = new Background();

  /** Never closed and never sent to: receives on it block forever, as on Go's nil Done(). */
  private final ReceiveChannel<Void> never = new HChan<Void>(0).receiveOnly();

  private Background() {}

  @Override
  public ReceiveChannel<Void> done() {
    return never;
  }

  @Override
  public ContextException err() {
    return null;
  }

  @Override
  public Optional<java.time.Instant> deadline() {
    return Optional.empty();
  }

  @Override
  public <T> T value(Key<T> key) {
    return null;
  }

  @Override
  public String toString() {
    return "context.Background";
  }
}

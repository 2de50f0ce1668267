package dev.kanal;

import java.time.Instant;
import java.util.Optional;

/** {@link Context#withValue}: a parent plus one key/value pair; ends with its parent. */
final class ValueCtx implements Context {
  final Context parent;
  private final Key<?> key;
  private final Object value;

  ValueCtx(Context parent, Key<?> key, Object value) {
    this.parent = parent;
    this.key = key;
    this.value = value;
  }

  @Override
  public ReceiveChannel<Void> done() {
    return parent.done();
  }

  @Override
  public ContextException err() {
    return parent.err();
  }

  @Override
  public Optional<Instant> deadline() {
    return parent.deadline();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T value(Key<T> k) {
    return k == key ? (T) value : parent.value(k);
  }

  @Override
  public String toString() {
    return parent + ".WithValue(" + key + ")";
  }
}

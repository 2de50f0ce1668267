package dev.kanal;

import java.time.Instant;
import java.util.Optional;

/**
 * {@link Context#withValue}: a parent plus one key/value pair; ends with its parent.
 *
 * <p>It has no state of its own to cancel, so it answers {@code done}, {@code err} and
 * {@code deadline} from its nearest cancellable ancestor, found once at construction: every
 * call is O(1) however long the chain of values above it. {@link #lookup} walks the chain in a
 * loop, not by recursion, so a deep chain cannot overflow the stack. Guarded by
 * {@code ContextTest}.
 */
final class ValueCtx implements Context {
  final Context parent;
  private final Key<?> key;
  private final Object value;
  /** The nearest {@link CancelCtx} above, or null when only background is above. */
  private final CancelCtx ancestor;

  ValueCtx(Context parent, Key<?> key, Object value) {
    this.parent = parent;
    this.key = key;
    this.value = value;
    this.ancestor = CancelCtx.nearestCancellable(parent);
  }

  /** The value for {@code k} on {@code c} or its nearest ancestor that has one, or null. */
  @SuppressWarnings("unchecked")
  static <T> T lookup(Context c, Key<T> k) {
    while (true) {
      if (c instanceof ValueCtx v) {
        if (v.key == k) {
          return (T) v.value;
        }
        c = v.parent;
      } else if (c instanceof CancelCtx cc) {
        c = cc.parent();
      } else {
        return null; // background
      }
    }
  }

  @Override
  public ReceiveChannel<Void> done() {
    return ancestor == null ? Background.INSTANCE.done() : ancestor.done();
  }

  @Override
  public ContextException err() {
    return ancestor == null ? null : ancestor.err();
  }

  @Override
  public Optional<Instant> deadline() {
    return ancestor == null ? Optional.empty() : ancestor.deadline();
  }

  @Override
  public <T> T value(Key<T> k) {
    return lookup(this, k);
  }

  @Override
  public String toString() {
    return parent + ".WithValue(" + key + ")";
  }
}

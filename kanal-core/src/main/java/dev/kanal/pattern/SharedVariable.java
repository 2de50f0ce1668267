package dev.kanal.pattern;

import static dev.kanal.Select.select;

import dev.kanal.CancellableContext;
import dev.kanal.Channel;
import dev.kanal.ChannelClosedException;
import dev.kanal.Context;
import dev.kanal.Go;
import dev.kanal.ReceiveChannel;
import dev.kanal.SendChannel;
import java.util.Objects;

/**
 * Seed 004's shared variable: one goroutine owns the value and serves reads and writes over
 * two channels, so no lock is needed ("share memory by communicating").
 *
 * <pre>{@code
 * try (var v = SharedVariable.start(Context.background(), 0)) {
 *     System.out.println(v.get());   // 0
 *     v.set(1);
 *     System.out.println(v.get());   // 1
 * }
 * }</pre>
 *
 * <h2>Implementation</h2>
 *
 * <p>The guard goroutine loops on a select of three cases: a value from the writer channel
 * replaces the value; a send of the current value on the reader channel serves a read; the end
 * of its context stops it. Only that goroutine touches the value, so reads and writes are
 * linearizable in the order the select takes them, and a {@code set} that returned
 * happens-before every later {@code get} (channel hand-offs order them). The seed's goroutine
 * runs forever; this one ends when its context ends ({@link #close()} or the parent's end), or
 * when a caller closes {@link #writer()}, and then closes both channels, so later reads and
 * writes fail at once instead of hanging.
 * Guarded by {@code SharedVariableTest}.
 *
 * @param <T> the value's type (never null: it travels on channels)
 */
public final class SharedVariable<T> implements AutoCloseable {
  private final Channel<T> reader = Channel.unbuffered();
  private final Channel<T> writer = Channel.unbuffered();
  private final CancellableContext ctx;

  private SharedVariable(CancellableContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Starts the goroutine that guards a variable holding {@code initial}; it runs until
   * {@link #close()} or until {@code parent} ends.
   */
  public static <T> SharedVariable<T> start(Context parent, T initial) {
    Objects.requireNonNull(initial, "initial: a shared variable never holds null");
    SharedVariable<T> v = new SharedVariable<>(Context.withCancel(Objects.requireNonNull(parent, "parent")));
    Go.go(() -> v.guard(initial));
    return v;
  }

  private void guard(T initial) {
    Object[] value = {initial};
    boolean[] running = {true};
    try {
      while (running[0]) {
        @SuppressWarnings("unchecked")
        T current = (T) value[0];
        select(
            writer.onReceive(
                v -> {
                  if (v == null) {
                    running[0] = false; // a caller closed writer(): the variable ends, as by close()
                  } else {
                    value[0] = v;
                  }
                }),
            reader.onSend(current, () -> {}),
            ctx.done().onReceive(x -> running[0] = false));
      }
    } finally {
      ctx.cancel();
      closeIfOpen(writer);
      closeIfOpen(reader);
    }
  }

  private static void closeIfOpen(Channel<?> ch) {
    try {
      ch.close();
    } catch (ChannelClosedException alreadyClosed) {
      // writer() is a public view: its caller may have closed it first
    }
  }

  /**
   * The current value.
   *
   * @throws IllegalStateException if the variable was closed
   */
  public T get() {
    T v = reader.receiveOrNull();
    if (v == null) {
      throw closed("get");
    }
    return v;
  }

  /**
   * Replaces the value.
   *
   * @throws IllegalStateException if the variable was closed
   */
  public void set(T value) {
    Objects.requireNonNull(value, "value: a shared variable never holds null");
    try {
      writer.send(value);
    } catch (ChannelClosedException e) {
      throw closed("set");
    }
  }

  /** The channel that gives the current value on each receive: the seed's {@code v.reader}. */
  public ReceiveChannel<T> reader() {
    return reader.receiveOnly();
  }

  /** The channel that replaces the value on each send: the seed's {@code v.writer}. */
  public SendChannel<T> writer() {
    return writer.sendOnly();
  }

  /** Stops the guard goroutine; later reads and writes fail. Idempotent. */
  @Override
  public void close() {
    ctx.cancel();
  }

  private static IllegalStateException closed(String op) {
    return new IllegalStateException(
        "SharedVariable." + op + ": the variable is closed (its goroutine has stopped)");
  }
}

package dev.kanal.pattern;

import static dev.kanal.Go.go;

import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.ContextException;
import dev.kanal.ReceiveChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Pipeline stages of seed 004 (generator, multiplexing, chain filter) and the Go blog's fan-in
 * and fan-out: each stage is a goroutine that receives from upstream channels and sends on a
 * channel it returns.
 *
 * <pre>{@code
 * try (var ctx = Context.withCancel(Context.background())) {
 *     ReceiveChannel<Integer> primes = Pipelines.primes(ctx);
 *     for (int i = 0; i < 10; i++) System.out.println(primes.receive());
 * }   // cancel: every goroutine of the sieve leaves and closes its channel
 * }</pre>
 *
 * <h2>Implementation and the no-leak rule</h2>
 *
 * <p>The seed's stages loop forever: once the consumer stops reading, each is blocked on a send
 * that nobody will ever take, a goroutine leaked for the life of the program. Here every stage
 * takes a {@link Context} and does each blocking operation with it ({@code send(v, ctx)},
 * {@code receiveOrNull(ctx)}), so when the consumer cancels, every stage wakes wherever it is
 * blocked, leaves its loop, and closes its output channel in a {@code finally}. A stage also
 * ends, closing its output, when its input is closed and drained, so a finite pipeline shuts
 * down from the source without any cancel. Output channels are unbuffered, as in the seed: a
 * stage runs only as far ahead as its consumer. An exception from a user function ends that
 * stage (its output is closed) and reaches {@link dev.kanal.Go#onUncaught}; it is never lost.
 *
 * <p>Guarded by {@code PipelinesTest}, which checks the values and, with a thread dump, that
 * no goroutine of this package is left after the consumer stops early.
 */
public final class Pipelines {
  private Pipelines() {}

  /**
   * Go's generator: a goroutine sends {@code next.get()} on the returned channel, again and
   * again, until {@code ctx} ends or {@code next} returns {@code null} (the end of the stream);
   * then it closes the channel.
   */
  public static <T> ReceiveChannel<T> generate(Context ctx, Supplier<? extends T> next) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(next, "next");
    Channel<T> out = Channel.unbuffered();
    go(
        () -> {
          try {
            T v;
            while ((v = next.get()) != null) {
              out.send(v, ctx);
            }
          } catch (ContextException stop) {
            // the consumer cancelled: leave
          } finally {
            out.close();
          }
        });
    return out.receiveOnly();
  }

  /** Sends each of {@code values} in order, then closes; stops early when {@code ctx} ends. */
  public static <T> ReceiveChannel<T> emit(Context ctx, Iterable<? extends T> values) {
    Objects.requireNonNull(values, "values");
    Iterator<? extends T> it = values.iterator();
    return generate(ctx, () -> it.hasNext() ? Objects.requireNonNull(it.next(), "value") : null);
  }

  /** {@link #fanIn(Context, List)} of the given channels. */
  @SafeVarargs
  public static <T> ReceiveChannel<T> fanIn(Context ctx, ReceiveChannel<? extends T>... inputs) {
    return fanIn(ctx, List.of(inputs));
  }

  /**
   * Fan-in (seed 004's multiplexing): one goroutine per input forwards its values to the
   * returned channel, in whatever order they come. The output closes when every input is
   * closed and drained, or when {@code ctx} ends.
   */
  public static <T> ReceiveChannel<T> fanIn(
      Context ctx, List<? extends ReceiveChannel<? extends T>> inputs) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(inputs, "inputs");
    Channel<T> out = Channel.unbuffered();
    if (inputs.isEmpty()) {
      out.close();
      return out.receiveOnly();
    }
    AtomicInteger running = new AtomicInteger(inputs.size());
    for (ReceiveChannel<? extends T> in : inputs) {
      Objects.requireNonNull(in, "input channel");
      go(
          () -> {
            try {
              T v;
              while ((v = in.receiveOrNull(ctx)) != null) {
                out.send(v, ctx);
              }
            } catch (ContextException stop) {
              // the consumer cancelled: leave
            } finally {
              // The last forwarder to leave closes the output: no extra goroutine waits.
              if (running.decrementAndGet() == 0) {
                out.close();
              }
            }
          });
    }
    return out.receiveOnly();
  }

  /**
   * Fan-out: {@code workers} goroutines take values from {@code input} (each value goes to
   * exactly one of them) and send {@code fn}'s result on their own output channel. Returns the
   * outputs, one per worker; {@link #fanIn} them for a parallel map. Each output closes when the
   * input is closed and drained or {@code ctx} ends.
   */
  public static <T, R> List<ReceiveChannel<R>> fanOut(
      Context ctx, ReceiveChannel<? extends T> input, int workers, Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(fn, "fn");
    if (workers < 1) {
      throw new IllegalArgumentException("fanOut: workers must be at least 1, got " + workers);
    }
    List<ReceiveChannel<R>> outputs = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      Channel<R> out = Channel.unbuffered();
      outputs.add(out.receiveOnly());
      go(
          () -> {
            try {
              T v;
              while ((v = input.receiveOrNull(ctx)) != null) {
                out.send(Objects.requireNonNull(fn.apply(v), "fanOut: fn returned null"), ctx);
              }
            } catch (ContextException stop) {
              // the consumer cancelled: leave
            } finally {
              out.close();
            }
          });
    }
    return List.copyOf(outputs);
  }

  /**
   * One filter of seed 004's chain: forwards the values of {@code input} that {@code keep}
   * accepts. The output closes when the input is closed and drained or {@code ctx} ends.
   */
  public static <T> ReceiveChannel<T> filter(
      Context ctx, ReceiveChannel<? extends T> input, Predicate<? super T> keep) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(keep, "keep");
    Channel<T> out = Channel.unbuffered();
    go(
        () -> {
          try {
            T v;
            while ((v = input.receiveOrNull(ctx)) != null) {
              if (keep.test(v)) {
                out.send(v, ctx);
              }
            }
          } catch (ContextException stop) {
            // the consumer cancelled: leave
          } finally {
            out.close();
          }
        });
    return out.receiveOnly();
  }

  /**
   * The prime sieve of seed 004 (daisy-chained filters): the returned channel gives 2, 3, 5,
   * 7, 11, ... One generator counts from 2; every prime found adds a filter that drops its
   * multiples. Cancel {@code ctx} to stop it: every goroutine of the chain leaves.
   */
  public static ReceiveChannel<Integer> primes(Context ctx) {
    Objects.requireNonNull(ctx, "ctx");
    Channel<Integer> out = Channel.unbuffered();
    go(
        () -> {
          try {
            int[] next = {2};
            ReceiveChannel<Integer> ch = generate(ctx, () -> next[0]++);
            Integer prime;
            while ((prime = ch.receiveOrNull(ctx)) != null) {
              out.send(prime, ctx);
              int p = prime;
              ch = filter(ctx, ch, i -> i % p != 0);
            }
          } catch (ContextException stop) {
            // the consumer cancelled: leave
          } finally {
            out.close();
          }
        });
    return out.receiveOnly();
  }
}

package dev.kanal;

import java.util.ArrayDeque;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck: every channel kind's operations are linearizable against a sequential channel
 * (an {@link ArrayDeque} of capacity C and a closed flag), under model checking (Lincheck
 * explores thread interleavings of the instrumented code) and stress (real threads).
 *
 * <p>Operations: {@code trySend}, {@code tryReceive}, {@code close}, {@code len}, and selects with a default over two channels (one of which never becomes
 * ready, so that the sequential outcome is unique). Blocking
 * {@code send} / {@code receive} are not in the scenarios: Lincheck's verifier can check
 * blocking (dual) semantics only for Kotlin {@code suspend} functions; a Java operation that
 * parks without a partner in the scenario is reported as a deadlock. The blocking paths are
 * covered by {@code ChannelStressTest}, {@code ChannelContractTest} and {@code InterruptTest}.
 *
 * <p>Options are always set (iterations, invocations, 2 threads x 3 actors): Lincheck's
 * defaults run for many minutes on 2 cores.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES) // a loaded machine is slow
class ChannelLincheckTest {

  private static final int ITERATIONS = 20;
  private static final int INVOCATIONS = 1000;

  /**
   * Stress runs real threads that meet at spinning barriers for every invocation: on a busy
   * 2-core machine that costs milliseconds each, and stress has found nothing that model
   * checking missed here, so it runs half the scenarios.
   */
  private static final int STRESS_ITERATIONS = 10;

  /** The operations under test; a subclass picks the capacity. */
  @Param(name = "value", gen = IntGen.class, conf = "1:3")
  abstract static class ChannelOps {
    private final Channel<Integer> ch;
    private final Channel<Integer> never = Channel.unbuffered();

    ChannelOps(int capacity) {
      ch = Channel.buffered(capacity);
    }

    @Operation
    public String trySend(@Param(name = "value") int value) {
      return ch.trySend(value).name();
    }

    @Operation
    public String tryReceive() {
      return switch (ch.tryReceive()) {
        case ReceiveResult.Value<Integer>(var v) -> "value " + v;
        case ReceiveResult.WouldBlock<Integer> w -> "would block";
        case ReceiveResult.Closed<Integer> c -> "closed";
      };
    }

    @Operation
    public String close() {
      try {
        ch.close();
        return "closed it";
      } catch (ChannelClosedException e) {
        return "already closed";
      }
    }

    @Operation
    public int len() {
      return ch.len();
    }

    /**
     * {@code select { case ch <- value: ...; case other <- value: ...; default: ... }}, where
     * {@code other} never has a receiver: the many-case path of {@link Select} (locks, random
     * poll order) with one case that can be ready, so the outcome is deterministic.
     */
    @Operation
    public String selectSend(@Param(name = "value") int value) {
      try {
        return Select.select(
            ch.onSend(value, () -> "sent"),
            never.onSend(value, () -> "sent on never"),
            Select.otherwise(() -> "default"));
      } catch (ChannelClosedException e) {
        return "send on closed";
      }
    }

    /** {@code select { case v, ok := <-ch: ...; case <-other: ...; default: ... }}. */
    @Operation
    public String selectReceive() {
      return Select.select(
          ch.onReceiveApply(v -> v == null ? "closed" : "value " + v),
          never.onReceiveApply(v -> "received on never"),
          Select.otherwise(() -> "default"));
    }
  }

  /**
   * The sequential channel: what each operation does when operations run one at a time. A send
   * or receive that would need a partner blocked at the same moment would block, since no
   * operation here waits.
   */
  abstract static class SequentialChannel {
    private final int capacity;
    private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
    private boolean closed;

    SequentialChannel(int capacity) {
      this.capacity = capacity;
    }

    public String trySend(int value) {
      if (closed) {
        return "CLOSED";
      }
      if (buffer.size() == capacity) {
        return "WOULD_BLOCK";
      }
      buffer.addLast(value);
      return "SENT";
    }

    public String tryReceive() {
      Integer v = buffer.pollFirst();
      if (v != null) {
        return "value " + v;
      }
      return closed ? "closed" : "would block";
    }

    public String close() {
      if (closed) {
        return "already closed";
      }
      closed = true;
      return "closed it";
    }

    public int len() {
      return buffer.size();
    }

    public String selectSend(int value) {
      return switch (trySend(value)) {
        case "SENT" -> "sent";
        case "CLOSED" -> "send on closed";
        default -> "default";
      };
    }

    public String selectReceive() {
      String r = tryReceive();
      return r.equals("would block") ? "default" : r;
    }
  }

  // ------------------------------------------------------------------ the channel kinds

  public static class Unbuffered extends ChannelOps {
    public Unbuffered() {
      super(0);
    }
  }

  public static class Buffered1 extends ChannelOps {
    public Buffered1() {
      super(1);
    }
  }

  public static class Buffered2 extends ChannelOps {
    public Buffered2() {
      super(2);
    }
  }

  public static class Unbuffered0Spec extends SequentialChannel {
    public Unbuffered0Spec() {
      super(0);
    }
  }

  public static class Buffered1Spec extends SequentialChannel {
    public Buffered1Spec() {
      super(1);
    }
  }

  public static class Buffered2Spec extends SequentialChannel {
    public Buffered2Spec() {
      super(2);
    }
  }

  private static <O extends Options<O, ?>> O configured(O options, Class<?> spec) {
    O o =
        options
            .iterations(options instanceof StressOptions ? STRESS_ITERATIONS : ITERATIONS)
            .invocationsPerIteration(INVOCATIONS)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(1)
            .actorsAfter(1)
            .sequentialSpecification(spec);
    for (ExecutionScenario s : closeRaces()) {
      o.addCustomScenario(s);
    }
    return o;
  }

  /**
   * Scenarios that random generation rarely builds but where a channel's lock-free fast paths
   * can go wrong: a close racing a non-blocking send or receive (the fast paths read the closed
   * flag and the buffer state separately), two closes racing, FIFO under concurrent sends.
   * Removing the second emptiness check from {@code tryReceive}'s fast path, for instance, is
   * caught by the first scenario and by none of 20 random ones.
   */
  private static List<ExecutionScenario> closeRaces() {
    Actor tryReceive = actor("tryReceive");
    Actor close = actor("close");
    Actor len = actor("len");
    Actor selectReceive = actor("selectReceive");
    return List.of(
        scenario(
            List.of(),
            List.of(List.of(tryReceive), List.of(actor("trySend", 1), close)),
            List.of(tryReceive)),
        scenario(
            List.of(actor("trySend", 1)),
            List.of(List.of(actor("trySend", 2)), List.of(tryReceive, close)),
            List.of(tryReceive, tryReceive)),
        scenario(
            List.of(),
            List.of(List.of(selectReceive), List.of(actor("selectSend", 1), close)),
            List.of(tryReceive)),
        scenario(
            List.of(actor("trySend", 1)),
            List.of(List.of(actor("selectSend", 2), len), List.of(tryReceive, close)),
            List.of(tryReceive, len)),
        scenario(List.of(), List.of(List.of(close), List.of(close)), List.of(actor("trySend", 1))),
        scenario(
            List.of(actor("trySend", 1), actor("trySend", 2)),
            List.of(List.of(tryReceive, tryReceive), List.of(actor("trySend", 3), tryReceive)),
            List.of(len, tryReceive)));
  }

  private static ExecutionScenario scenario(
      List<Actor> before, List<List<Actor>> parallel, List<Actor> after) {
    return new ExecutionScenario(before, parallel, after, null);
  }

  private static Actor actor(String operation, Object... args) {
    try {
      Class<?>[] types = new Class<?>[args.length];
      java.util.Arrays.fill(types, int.class);
      return new Actor(ChannelOps.class.getMethod(operation, types), List.of(args));
    } catch (NoSuchMethodException e) {
      throw new AssertionError("no operation " + operation, e);
    }
  }

  @Test
  void unbufferedModelChecking() {
    configured(new ModelCheckingOptions(), Unbuffered0Spec.class).check(Unbuffered.class);
  }

  @Test
  void unbufferedStress() {
    configured(new StressOptions(), Unbuffered0Spec.class).check(Unbuffered.class);
  }

  @Test
  void buffered1ModelChecking() {
    configured(new ModelCheckingOptions(), Buffered1Spec.class).check(Buffered1.class);
  }

  @Test
  void buffered1Stress() {
    configured(new StressOptions(), Buffered1Spec.class).check(Buffered1.class);
  }

  @Test
  void bufferedNModelChecking() {
    configured(new ModelCheckingOptions(), Buffered2Spec.class).check(Buffered2.class);
  }

  @Test
  void bufferedNStress() {
    configured(new StressOptions(), Buffered2Spec.class).check(Buffered2.class);
  }
}

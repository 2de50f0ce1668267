package dev.kanal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck: each channel kind's non-blocking operations and {@code close} are linearizable against
 * a sequential channel (an {@link ArrayDeque} of capacity C and a closed flag), under model
 * checking (Lincheck explores thread interleavings of the instrumented code) and stress (real
 * threads).
 *
 * <p>Operations: {@code trySend}, {@code tryReceive}, {@code close}, {@code len}. What is left out,
 * and why:
 *
 * <ul>
 *   <li>Blocking {@code send} / {@code receive}: Lincheck checks blocking (dual) semantics only for
 *       Kotlin {@code suspend} functions; a Java operation that parks without a partner in the
 *       scenario is reported as a deadlock. {@code ChannelContractTest}, {@code ChannelStressTest},
 *       {@code HappensBeforeTest} and {@code InterruptTest} cover them.
 *   <li>{@code select}: it runs entirely under the channels' locks, which makes it linearizable by
 *       construction; model checking it doubled the run time for nothing found. {@code SelectTest}
 *       and {@code ChannelStressTest} cover it.
 * </ul>
 *
 * <p>The interesting code is the lock-free fast paths of {@code trySend} / {@code tryReceive},
 * which read the closed flag and the buffer state separately. Random scenarios rarely race a {@code
 * close} against them in the one order that matters, so model checking also runs {@linkplain
 * #closeRaces() custom scenarios} that do: dropping the second emptiness check from {@code
 * tryReceive}'s fast path is caught by those and by none of 20 random scenarios.
 *
 * <p>Options are always set (Lincheck's defaults run for many minutes on 2 cores), sized so that
 * the class takes about a minute on an idle 2-core machine.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // generous: a busy machine slows Lincheck 4-5x
class ChannelLincheckTest {

  private static final int MODEL_CHECKING_SCENARIOS = 10;
  private static final int STRESS_SCENARIOS = 5;
  private static final int INVOCATIONS = 1000;

  /** The operations under test; a subclass picks the capacity. */
  @Param(name = "value", gen = IntGen.class, conf = "1:3")
  abstract static class ChannelOps {
    private final Channel<Integer> ch;

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
  }

  /**
   * The sequential channel: each operation as it behaves when operations run one at a time. No
   * operation here waits, so nobody is ever blocked on the other side: an unbuffered channel's
   * non-blocking send and receive can only fail (or see "closed").
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

  /** Not a power of two: its ring positions skip the unused tail of every lap (see HChan). */
  public static class Buffered3 extends ChannelOps {
    public Buffered3() {
      super(3);
    }
  }

  public static class UnbufferedSpec extends SequentialChannel {
    public UnbufferedSpec() {
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

  public static class Buffered3Spec extends SequentialChannel {
    public Buffered3Spec() {
      super(3);
    }
  }

  private static void modelCheck(Class<? extends ChannelOps> ops, Class<?> spec) {
    ModelCheckingOptions options =
        new ModelCheckingOptions()
            .iterations(MODEL_CHECKING_SCENARIOS)
            .invocationsPerIteration(INVOCATIONS)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(1)
            .actorsAfter(1)
            .sequentialSpecification(spec);
    for (ExecutionScenario s : closeRaces()) {
      options.addCustomScenario(s);
    }
    options.check(ops);
  }

  private static void stress(Class<? extends ChannelOps> ops, Class<?> spec) {
    new StressOptions()
        .iterations(STRESS_SCENARIOS)
        .invocationsPerIteration(INVOCATIONS)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(spec)
        .check(ops);
  }

  /**
   * Scenarios where the fast paths can go wrong: a close racing a non-blocking receive or send, two
   * closes racing, FIFO and {@code len} under concurrent sends and receives.
   */
  private static List<ExecutionScenario> closeRaces() {
    Actor tryReceive = actor("tryReceive");
    Actor close = actor("close");
    Actor len = actor("len");
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
            List.of(actor("trySend", 1)),
            List.of(List.of(tryReceive, len), List.of(close, tryReceive)),
            List.of(len, tryReceive)),
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
      Arrays.fill(types, int.class);
      return new Actor(ChannelOps.class.getMethod(operation, types), List.of(args));
    } catch (NoSuchMethodException e) {
      throw new AssertionError("no operation " + operation, e);
    }
  }

  @Test
  void unbufferedModelChecking() {
    modelCheck(Unbuffered.class, UnbufferedSpec.class);
  }

  @Test
  void unbufferedStress() {
    stress(Unbuffered.class, UnbufferedSpec.class);
  }

  @Test
  void buffered1ModelChecking() {
    modelCheck(Buffered1.class, Buffered1Spec.class);
  }

  @Test
  void buffered1Stress() {
    stress(Buffered1.class, Buffered1Spec.class);
  }

  @Test
  void bufferedNModelChecking() {
    modelCheck(Buffered2.class, Buffered2Spec.class);
  }

  @Test
  void bufferedNStress() {
    stress(Buffered2.class, Buffered2Spec.class);
  }

  @Test
  void bufferedNotAPowerOfTwoModelChecking() {
    modelCheck(Buffered3.class, Buffered3Spec.class);
  }
}

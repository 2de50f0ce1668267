package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Go memory model's four channel rules, each checked with plain (non-volatile) memory: one
 * thread writes plain array slots, the channel operation is the only synchronisation, and the other
 * thread reads the slots after its own operation. Every iteration uses a slot that has never been
 * read before, so a missing edge shows as a 0 where the written value belongs.
 *
 * <ol>
 *   <li>A send on a channel is synchronized before the completion of the corresponding receive.
 *   <li>The closing of a channel is synchronized before a receive that returns because the channel
 *       is closed.
 *   <li>A receive from an unbuffered channel is synchronized before the completion of the
 *       corresponding send.
 *   <li>The kth receive on a channel with capacity C is synchronized before the completion of the
 *       k+Cth send.
 * </ol>
 *
 * <p>Without the edge these checks fail only sometimes (the JIT may move plain loads and stores
 * across an operation that is not an acquire or release, and weakly ordered CPUs reorder them), so
 * each rule runs many iterations on two platform threads that really run in parallel.
 */
class HappensBeforeTest {

  private static final int N = Stress.scaled(20_000);

  /** The ways a receiver can take a value; each must give the same edge. */
  enum ReceiveStyle {
    RECEIVE(ReceiveChannel::receive),
    RECEIVE_OR_NULL(ReceiveChannel::receiveOrNull),
    TRY_RECEIVE_SPIN(
        ch -> {
          ReceiveResult<Integer> r;
          while (!(r = ch.tryReceive()).hasValue()) {
            Thread.onSpinWait();
          }
          return r.value();
        }),
    TRY_RECEIVE_TIMED(ch -> ch.tryReceive(Spawned.PATIENCE).value()),
    SELECT(ch -> Select.select(ch.onReceive(), Channel.<Integer>unbuffered().onReceive())),
    SELECT_ONE_CASE(ch -> Select.select(ch.onReceive()));

    final Function<ReceiveChannel<Integer>, Integer> take;

    ReceiveStyle(Function<ReceiveChannel<Integer>, Integer> take) {
      this.take = take;
    }
  }

  /** The ways a sender can hand a value over. */
  enum SendStyle {
    SEND,
    TRY_SEND_SPIN,
    TRY_SEND_TIMED,
    SELECT;

    void send(SendChannel<Integer> ch, int v) {
      switch (this) {
        case SEND -> ch.send(v);
        case TRY_SEND_SPIN -> {
          while (ch.trySend(v) != SendResult.SENT) {
            Thread.onSpinWait();
          }
        }
        case TRY_SEND_TIMED ->
            assertThat(ch.trySend(v, Spawned.PATIENCE)).isEqualTo(SendResult.SENT);
        case SELECT -> Select.select(ch.onSend(v), Channel.<Integer>unbuffered().onSend(v));
      }
    }
  }

  private static void assertNoViolations(Spawned<Integer> a, Spawned<Integer> b) {
    int violations = a.get() + b.get();
    assertThat(violations).as("reads that missed a write the rule makes visible").isZero();
  }

  // ---------------------------------------------------------------- rule 1

  @ParameterizedTest
  @EnumSource(ReceiveStyle.class)
  void rule1SendHappensBeforeTheReceiveCompletesUnbuffered(ReceiveStyle style) {
    rule1(Channel.unbuffered(), style);
  }

  @ParameterizedTest
  @EnumSource(ReceiveStyle.class)
  void rule1SendHappensBeforeTheReceiveCompletesBuffered(ReceiveStyle style) {
    rule1(Channel.buffered(4), style);
  }

  private static void rule1(Channel<Integer> ch, ReceiveStyle style) {
    int[] data = new int[N + 1]; // plain
    Spawned<Integer> writer =
        Spawned.callOnPlatform(
            () -> {
              for (int i = 1; i <= N; i++) {
                data[i] = i;
                ch.send(i);
              }
              return 0;
            });
    Spawned<Integer> reader =
        Spawned.callOnPlatform(
            () -> {
              int bad = 0;
              for (int i = 1; i <= N; i++) {
                int v = style.take.apply(ch);
                if (data[v] != v) {
                  bad++;
                }
              }
              return bad;
            });
    assertNoViolations(writer, reader);
  }

  // ---------------------------------------------------------------- rule 2

  /** The ways a receiver can learn that a channel is closed. */
  enum ClosedStyle {
    RECEIVE_OR_NULL(ch -> ch.receiveOrNull() == null ? 1 : 0),
    RECEIVE_THROWS(
        ch -> {
          try {
            ch.receive();
            return 0;
          } catch (ChannelClosedException e) {
            return 1;
          }
        }),
    TRY_RECEIVE_SPIN(
        ch -> {
          ReceiveResult<Integer> r;
          while ((r = ch.tryReceive()) instanceof ReceiveResult.WouldBlock) {
            Thread.onSpinWait();
          }
          return r.isClosed() ? 1 : 0;
        }),
    TRY_RECEIVE_TIMED(ch -> ch.tryReceive(Spawned.PATIENCE).isClosed() ? 1 : 0),
    RANGE_ENDS(
        ch -> {
          Iterator<Integer> it = ch.iterator();
          return it.hasNext() ? 0 : 1;
        }),
    SELECT(
        ch ->
            Select.select(
                ch.onReceiveApply(v -> v == null ? 1 : 0),
                Channel.<Integer>unbuffered().onReceiveApply(v -> 0))),
    IS_CLOSED_SPIN(
        ch -> {
          while (!ch.isClosed()) {
            Thread.onSpinWait();
          }
          return 1;
        });

    final ToIntFunction<ReceiveChannel<Integer>> learnClosed;

    ClosedStyle(ToIntFunction<ReceiveChannel<Integer>> learnClosed) {
      this.learnClosed = learnClosed;
    }
  }

  @ParameterizedTest
  @EnumSource(ClosedStyle.class)
  void rule2CloseHappensBeforeAReceiveThatReturnsBecauseClosed(ClosedStyle style) {
    int n = N / 2;
    List<Channel<Integer>> chans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chans.add(i % 2 == 0 ? Channel.unbuffered() : Channel.buffered(2));
    }
    int[] data = new int[n]; // plain
    Spawned<Integer> closer =
        Spawned.callOnPlatform(
            () -> {
              for (int i = 0; i < n; i++) {
                data[i] = i + 1;
                chans.get(i).close();
              }
              return 0;
            });
    Spawned<Integer> reader =
        Spawned.callOnPlatform(
            () -> {
              int bad = 0;
              for (int i = 0; i < n; i++) {
                if (style.learnClosed.applyAsInt(chans.get(i)) != 1) {
                  return Integer.MAX_VALUE / 2; // did not see closed: wrong outcome altogether
                }
                if (data[i] != i + 1) {
                  bad++;
                }
              }
              return bad;
            });
    assertNoViolations(closer, reader);
  }

  // ---------------------------------------------------------------- rule 3

  @ParameterizedTest
  @EnumSource(SendStyle.class)
  void rule3UnbufferedReceiveHappensBeforeTheSendCompletes(SendStyle style) {
    Channel<Integer> ch = Channel.unbuffered();
    int[] data = new int[N + 1]; // plain
    Spawned<Integer> receiver =
        Spawned.callOnPlatform(
            () -> {
              for (int i = 1; i <= N; i++) {
                data[i] = i;
                int v = ch.receive();
                if (v != i) {
                  return Integer.MAX_VALUE / 2;
                }
              }
              return 0;
            });
    Spawned<Integer> sender =
        Spawned.callOnPlatform(
            () -> {
              int bad = 0;
              for (int i = 1; i <= N; i++) {
                style.send(ch, i);
                if (data[i] != i) {
                  bad++;
                }
              }
              return bad;
            });
    assertNoViolations(receiver, sender);
  }

  // ---------------------------------------------------------------- rule 4

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void rule4KthReceiveHappensBeforeTheKPlusCthSendCompletes(int capacity) {
    for (SendStyle style : SendStyle.values()) {
      Channel<Integer> ch = Channel.buffered(capacity);
      int[] data = new int[N + 1]; // plain
      Spawned<Integer> receiver =
          Spawned.callOnPlatform(
              () -> {
                for (int k = 1; k <= N; k++) {
                  data[k] = k;
                  ch.receive();
                }
                return 0;
              });
      Spawned<Integer> sender =
          Spawned.callOnPlatform(
              () -> {
                int bad = 0;
                for (int j = 1; j <= N; j++) {
                  style.send(ch, j);
                  int k = j - capacity;
                  if (k >= 1 && data[k] != k) {
                    bad++;
                  }
                }
                return bad;
              });
      assertNoViolations(receiver, sender);
    }
  }

  /** The counting-semaphore idiom that rule 4 makes correct: at most C holders at once. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void aBufferedChannelLimitsConcurrencyLikeASemaphore(int limit) {
    Channel<Boolean> tokens = Channel.buffered(limit);
    int[] inside = new int[1]; // plain: guarded by the channel alone when limit == 1
    AtomicInteger maxInside = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    int perThread = N / 4;
    List<Spawned<Integer>> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      workers.add(
          Spawned.callOnPlatform(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  tokens.send(true);
                  maxInside.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                  if (limit == 1) {
                    inside[0]++;
                  }
                  concurrent.decrementAndGet();
                  tokens.receive();
                }
                return 0;
              }));
    }
    workers.forEach(Spawned::get);
    assertThat(maxInside.get()).isLessThanOrEqualTo(limit);
    if (limit == 1) {
      assertThat(inside[0]).as("a channel of capacity 1 is a mutex").isEqualTo(4 * perThread);
    }
  }
}

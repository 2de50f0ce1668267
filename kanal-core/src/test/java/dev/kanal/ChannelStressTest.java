package dev.kanal;

import static dev.kanal.Select.otherwise;
import static dev.kanal.Select.select;
import static dev.kanal.Select.timeout;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many producers and consumers, on virtual and on platform threads, with every kind of send and
 * receive mixed at random and the channel closed at a random moment; many rounds. Each value is
 * unique and counted where it is sent and where it is received, so the checks are exact: every
 * value whose send returned normally is received exactly once, no value whose send failed is ever
 * received, and nothing hangs (every wait is bounded).
 *
 * <p>Sizes scale with {@code -Dkanal.stress.scale}; the CI size takes a few seconds.
 */
class ChannelStressTest {

  enum Threads {
    VIRTUAL,
    PLATFORM
  }

  static Stream<Arguments> shapes() {
    List<Arguments> out = new ArrayList<>();
    for (int capacity : new int[] {0, 1, 3, 4, 16}) {
      for (Threads threads : Threads.values()) {
        for (boolean randomClose : new boolean[] {false, true}) {
          out.add(Arguments.of(capacity, threads, randomClose));
        }
      }
    }
    return out.stream();
  }

  /** What one value went through: counted on both sides. */
  private static final class Ledger {
    final AtomicIntegerArray delivered; // the send returned normally
    final AtomicIntegerArray refused; // the send failed: channel closed
    final AtomicIntegerArray received;
    final AtomicInteger receivedCount = new AtomicInteger();

    Ledger(int total) {
      delivered = new AtomicIntegerArray(total);
      refused = new AtomicIntegerArray(total);
      received = new AtomicIntegerArray(total);
    }

    void check(boolean everyValueMustArrive) {
      int ok = 0;
      for (int v = 0; v < received.length(); v++) {
        int d = delivered.get(v);
        int f = refused.get(v);
        int r = received.get(v);
        assertThat(d + f).as("value %d: sent once or refused once", v).isLessThanOrEqualTo(1);
        assertThat(r)
            .as("value %d: received %d times, its send delivered=%d refused=%d", v, r, d, f)
            .isEqualTo(d);
        ok += d;
      }
      if (everyValueMustArrive) {
        assertThat(ok)
            .as("no close before the producers finished: all values arrive")
            .isEqualTo(received.length());
      }
    }
  }

  private static <T> Spawned<T> start(Threads threads, Callable<T> body) {
    return threads == Threads.VIRTUAL ? Spawned.call(body) : Spawned.callOnPlatform(body);
  }

  @ParameterizedTest(name = "capacity {0}, {1} threads, random close {2}")
  @MethodSource("shapes")
  void everyValueSentIsReceivedExactlyOnce(int capacity, Threads threads, boolean randomClose) {
    boolean virtual = threads == Threads.VIRTUAL;
    int producers = virtual ? 12 : 3;
    int consumers = virtual ? 12 : 3;
    int perProducer = Stress.scaled(virtual ? 800 : 1_500);
    int rounds = 3;
    for (int round = 0; round < rounds; round++) {
      runRound(capacity, threads, randomClose, producers, consumers, perProducer);
    }
  }

  static Stream<Arguments> pairShapes() {
    List<Arguments> out = new ArrayList<>();
    for (int pairs : new int[] {1, 2}) {
      for (Threads threads : Threads.values()) {
        for (boolean randomClose : new boolean[] {false, true}) {
          out.add(Arguments.of(pairs, threads, randomClose));
        }
      }
    }
    return out.stream();
  }

  /**
   * An unbuffered channel hands off without its lock while at most one party waits (its slot):
   * one sender and one receiver stay on that path, two of each keep moving between the slot and
   * the locked queues; timed operations cancel waits in the slot, selects inflate it.
   */
  @ParameterizedTest(name = "{0} pair(s) on an unbuffered channel, {1} threads, random close {2}")
  @MethodSource("pairShapes")
  void fewPartiesOnAnUnbufferedChannelHandOffEveryValueExactlyOnce(
      int pairs, Threads threads, boolean randomClose) {
    int perProducer = Stress.scaled(threads == Threads.VIRTUAL ? 3_000 : 1_500);
    for (int round = 0; round < 8; round++) {
      runRound(0, threads, randomClose, pairs, pairs, perProducer);
    }
  }

  private static void runRound(
      int capacity,
      Threads threads,
      boolean randomClose,
      int producers,
      int consumers,
      int perProducer) {
    int total = producers * perProducer;
    Channel<Integer> ch = Channel.buffered(capacity);
    Ledger ledger = new Ledger(total);
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeOnce =
        () -> {
          if (closed.compareAndSet(false, true)) {
            ch.close();
          }
        };
    int closeAt = randomClose ? ThreadLocalRandom.current().nextInt(total) : -1;

    List<Spawned<Void>> consumerThreads = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      consumerThreads.add(
          start(
              threads,
              () -> {
                consume(ch.receiveOnly(), ledger, closeAt, closeOnce);
                return null;
              }));
    }
    List<Spawned<Void>> producerThreads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      producerThreads.add(
          start(
              threads,
              () -> {
                produce(ch.sendOnly(), base, perProducer, ledger);
                return null;
              }));
    }
    producerThreads.forEach(Spawned::get);
    closeOnce.run();
    consumerThreads.forEach(Spawned::get);
    ledger.check(!randomClose);
  }

  /** Sends base..base+n-1, each with a randomly chosen kind of send, until one is refused. */
  private static void produce(SendChannel<Integer> ch, int base, int n, Ledger ledger) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int i = 0; i < n; i++) {
      int v = base + i;
      boolean sent;
      try {
        sent = sendSomehow(ch, v, rnd);
      } catch (ChannelClosedException e) {
        sent = false;
      }
      if (sent) {
        ledger.delivered.set(v, 1);
      } else {
        ledger.refused.set(v, 1);
        return; // closed: every later send would be refused too
      }
    }
  }

  /**
   * True if sent; false if the channel was closed. Retries what would block with a blocking send.
   */
  private static boolean sendSomehow(SendChannel<Integer> ch, int v, ThreadLocalRandom rnd) {
    SendResult r =
        switch (rnd.nextInt(5)) {
          case 0 -> ch.trySend(v);
          case 1 -> ch.trySend(v, Duration.ofNanos(rnd.nextInt(200_000)));
          case 2 ->
              select(ch.onSend(v, () -> SendResult.SENT), otherwise(() -> SendResult.WOULD_BLOCK));
          default -> {
            ch.send(v);
            yield SendResult.SENT;
          }
        };
    if (r == SendResult.WOULD_BLOCK) {
      ch.send(v);
      return true;
    }
    return r == SendResult.SENT;
  }

  /** Receives with randomly chosen kinds of receive until the channel is closed and drained. */
  private static void consume(
      ReceiveChannel<Integer> ch, Ledger ledger, int closeAt, Runnable closeOnce) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    while (true) {
      Integer v;
      switch (rnd.nextInt(6)) {
        case 0 -> {
          ReceiveResult<Integer> r = ch.tryReceive();
          if (r.isClosed()) {
            return;
          }
          if (!r.hasValue()) {
            Thread.yield();
            continue;
          }
          v = r.value();
        }
        case 1 -> {
          ReceiveResult<Integer> r = ch.tryReceive(Duration.ofNanos(rnd.nextInt(200_000)));
          if (r.isClosed()) {
            return;
          }
          if (!r.hasValue()) {
            continue;
          }
          v = r.value();
        }
        case 2 -> {
          try {
            v = ch.receive();
          } catch (ChannelClosedException e) {
            return;
          }
        }
        case 3 -> {
          v = select(ch.onReceive(), timeout(Duration.ofMillis(1), () -> -1));
          if (v == null) {
            return;
          }
          if (v == -1) {
            continue;
          }
        }
        default -> {
          v = ch.receiveOrNull();
          if (v == null) {
            return;
          }
        }
      }
      ledger.received.incrementAndGet(v);
      if (ledger.receivedCount.incrementAndGet() == closeAt) {
        closeOnce.run(); // a random moment, while producers are still sending
      }
    }
  }

  // ---------------------------------------------------------------- select over several channels

  static Stream<Arguments> selectShapes() {
    return Stream.of(
        Arguments.of(Threads.VIRTUAL, false),
        Arguments.of(Threads.VIRTUAL, true),
        Arguments.of(Threads.PLATFORM, false),
        Arguments.of(Threads.PLATFORM, true));
  }

  /**
   * Producers select a send over several channels, consumers select a receive over the same
   * channels; channels are closed one by one at random moments. A producer whose select threw
   * because a channel was closed drops the closed channels and tries the same value again on the
   * others; a value is refused only once every channel is closed.
   */
  @ParameterizedTest(name = "{0} threads, random close {1}")
  @MethodSource("selectShapes")
  void selectsOverSeveralChannelsDeliverEveryValueExactlyOnce(
      Threads threads, boolean randomClose) {
    boolean virtual = threads == Threads.VIRTUAL;
    int producers = virtual ? 10 : 3;
    int consumers = virtual ? 10 : 3;
    int perProducer = Stress.scaled(virtual ? 600 : 1_500);
    for (int round = 0; round < 3; round++) {
      selectRound(threads, randomClose, producers, consumers, perProducer);
    }
  }

  private static void selectRound(
      Threads threads, boolean randomClose, int producers, int consumers, int perProducer) {
    List<Channel<Integer>> chans =
        List.of(
            Channel.unbuffered(), Channel.buffered(1), Channel.buffered(8), Channel.unbuffered());
    int total = producers * perProducer;
    Ledger ledger = new Ledger(total);
    AtomicIntegerArray closedOnce = new AtomicIntegerArray(chans.size());
    int[] closeAt = new int[chans.size()];
    for (int k = 0; k < chans.size(); k++) {
      closeAt[k] = randomClose ? ThreadLocalRandom.current().nextInt(total) : -1;
    }

    List<Spawned<Void>> consumerThreads = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      consumerThreads.add(
          start(
              threads,
              () -> {
                selectConsume(chans, ledger, closeAt, closedOnce);
                return null;
              }));
    }
    List<Spawned<Void>> producerThreads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      producerThreads.add(
          start(
              threads,
              () -> {
                selectProduce(chans, base, perProducer, ledger);
                return null;
              }));
    }
    producerThreads.forEach(Spawned::get);
    for (int k = 0; k < chans.size(); k++) {
      closeIfOpen(chans, closedOnce, k);
    }
    consumerThreads.forEach(Spawned::get);
    ledger.check(!randomClose);
  }

  private static void closeIfOpen(
      List<Channel<Integer>> chans, AtomicIntegerArray closedOnce, int k) {
    if (closedOnce.compareAndSet(k, 0, 1)) {
      chans.get(k).close();
    }
  }

  private static void selectProduce(List<Channel<Integer>> chans, int base, int n, Ledger ledger) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    List<Channel<Integer>> open = new ArrayList<>(chans);
    for (int i = 0; i < n; i++) {
      int v = base + i;
      while (true) {
        if (open.isEmpty()) {
          ledger.refused.set(v, 1);
          return;
        }
        List<SelectCase<Boolean>> cases = new ArrayList<>();
        for (Channel<Integer> ch : open) {
          cases.add(ch.onSend(v, () -> true));
        }
        if (rnd.nextInt(4) == 0) {
          cases.add(otherwise(() -> false));
        }
        try {
          if (select(cases)) {
            ledger.delivered.set(v, 1);
            break;
          }
          // default: nothing sent; try again
        } catch (ChannelClosedException e) {
          open.removeIf(Channel::isClosed);
        }
      }
    }
  }

  private static void selectConsume(
      List<Channel<Integer>> chans, Ledger ledger, int[] closeAt, AtomicIntegerArray closedOnce) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    List<Integer> open = new ArrayList<>(List.of(0, 1, 2, 3));
    while (!open.isEmpty()) {
      List<SelectCase<int[]>> cases = new ArrayList<>();
      for (int k : open) {
        cases.add(chans.get(k).onReceiveApply(v -> v == null ? new int[] {k} : new int[] {k, v}));
      }
      if (rnd.nextInt(4) == 0) {
        cases.add(timeout(Duration.ofMillis(1), () -> new int[0]));
      }
      int[] got = select(cases);
      if (got.length == 0) {
        continue; // timed out
      }
      if (got.length == 1) {
        open.remove(Integer.valueOf(got[0])); // closed and drained: Go sets the channel to nil
        continue;
      }
      ledger.received.incrementAndGet(got[1]);
      int count = ledger.receivedCount.incrementAndGet();
      for (int k = 0; k < closeAt.length; k++) {
        if (count == closeAt[k]) {
          closeIfOpen(chans, closedOnce, k);
        }
      }
    }
  }
}

package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A buffered channel counts its ring positions in laps of a power of two (slot = position & mask,
 * no division), so a capacity that is not a power of two skips the unused tail of every lap. These
 * tests walk such rings across many laps, from one goroutine, where every answer is known: the
 * capacity is exact, {@code len} is exact at every step, values come out in order, a blocked
 * sender is let in by the receive that frees its slot, and close keeps what the ring holds.
 *
 * <p>A wrong step makes a lock-free operation spin on a slot that never comes free, deaf to
 * interrupts, so each case runs on a thread of its own and fails when its time is up instead of
 * hanging the build.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingLapTest {

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 3, 5, 6, 7, 9, 100, 1000})
  void capacityAndLenAreExactAcrossLaps(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int next = 0;
    int expected = 0;
    int held = 0;
    for (int step = 0; step < 20 * capacity + 200; step++) {
      int sends = rnd.nextInt(capacity + 2);
      for (int i = 0; i < sends; i++) {
        SendResult r = ch.trySend(next);
        if (held == capacity) {
          assertThat(r).as("send into a full channel").isEqualTo(SendResult.WOULD_BLOCK);
          break;
        }
        assertThat(r).isEqualTo(SendResult.SENT);
        next++;
        held++;
        assertThat(ch.len()).isEqualTo(held);
      }
      int receives = rnd.nextInt(capacity + 2);
      for (int i = 0; i < receives; i++) {
        ReceiveResult<Integer> r = ch.tryReceive();
        if (held == 0) {
          assertThat(r.hasValue()).as("receive from an empty channel").isFalse();
          break;
        }
        assertThat(r.value()).isEqualTo(expected++);
        held--;
        assertThat(ch.len()).isEqualTo(held);
      }
    }
    assertThat(ch.capacity()).isEqualTo(capacity);
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {3, 5, 100})
  void aFullRingLetsInTheBlockedSenderWhoseSlotIsFreedOnEveryLap(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    int total = 7 * capacity + 3;
    Spawned<Void> sender =
        Spawned.run(
            () -> {
              for (int i = 0; i < total; i++) {
                ch.send(i);
              }
            });
    for (int i = 0; i < total; i++) {
      assertThat(ch.receive()).isEqualTo(i);
      assertThat(ch.len()).isBetween(0, capacity);
    }
    sender.get();
    assertThat(ch.len()).isZero();
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {3, 6, 100})
  void closeKeepsWhatARingHoldsAfterManyLaps(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    int next = 0;
    for (int lap = 0; lap < 5; lap++) {
      for (int i = 0; i < capacity; i++) {
        ch.send(next++);
      }
      for (int i = 0; i < capacity; i++) {
        ch.receive();
      }
    }
    int from = next;
    int keep = capacity - 1; // stop mid-lap, one short of full
    for (int i = 0; i < keep; i++) {
      ch.send(next++);
    }
    ch.close();
    assertThat(ch.len()).isEqualTo(keep);
    List<Integer> rest = new ArrayList<>();
    for (int v : ch) {
      rest.add(v);
    }
    assertThat(rest).hasSize(keep).first().isEqualTo(from);
    assertThat(rest).isSorted();
    assertThat(ch.len()).isZero();
  }
}

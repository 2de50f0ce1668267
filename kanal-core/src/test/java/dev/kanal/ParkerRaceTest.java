package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A waker that completes a parker just as its owner stops spinning must still wake it.
 *
 * <p>The owner spins, then says it may park ({@code mayPark}) and reads the state; the waker
 * claims the parker (a CAS out of {@code WAITING}), completes it and unparks only if
 * {@code mayPark} is set. Were the owner to set the flag after reading the state, a waker could
 * claim and complete in between, find the flag unset and skip the unpark while the owner parks:
 * a lost wake-up. Planted in a copy of the tree, that fails this test within a few thousand
 * rounds (five seconds). Each round aims the waker at the end of the owner's spin, with a
 * random offset around it; a lost wake-up shows as an owner that waited out its five-second
 * timeout. Two platform threads, whose spin length is known ({@link Parker#PLATFORM_SPINS}).
 */
class ParkerRaceTest {
  /** How long a wait must last to count as a lost wake-up: far beyond any scheduling delay. */
  private static final long LOST = TimeUnit.SECONDS.toNanos(5);

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aWakerRacingTheEndOfTheSpinNeverLosesTheWakeUp() throws Exception {
    int rounds = Stress.scaled(100_000);
    int spins = Math.max(Parker.PLATFORM_SPINS, 1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // One round at a time: the owner publishes its parker, the waker completes it.
    AtomicReference<Parker> current = new AtomicReference<>();
    Thread waker =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  ThreadLocalRandom rnd = ThreadLocalRandom.current();
                  for (int round = 0; round < rounds; round++) {
                    Parker p;
                    while ((p = current.getAndSet(null)) == null) {
                      Thread.onSpinWait();
                    }
                    // Land near the end of the owner's spin: 1/2 to 2 times its length.
                    for (int i = spins / 2 + rnd.nextInt(spins * 3 / 2 + 1); i > 0; i--) {
                      Thread.onSpinWait();
                    }
                    if (!p.tryClaim()) {
                      failure.compareAndSet(null, new AssertionError("claim failed in round " + round));
                      return;
                    }
                    p.complete(null);
                  }
                });
    for (int round = 0; round < rounds; round++) {
      Parker p = new Parker(Thread.currentThread());
      current.set(p);
      // Timed, so that a lost wake-up ends (the state is DONE by then, so it returns DONE)
      // and is seen as a wait that lasted the whole timeout.
      long start = System.nanoTime();
      int outcome = p.await(true, start + LOST, null);
      long waited = System.nanoTime() - start;
      assertThat(waited)
          .as("round %d: the owner was not woken; it waited out its timeout (%s)", round, failure.get())
          .isLessThan(LOST);
      assertThat(outcome).isEqualTo(Parker.DONE);
    }
    waker.join();
    assertThat(failure.get()).isNull();
  }
}

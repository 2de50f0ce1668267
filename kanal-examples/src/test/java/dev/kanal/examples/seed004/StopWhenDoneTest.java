package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import dev.kanal.ReceiveResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The seed's generators, multiplexer and sieve loop forever; the demos give them a {@code done}
 * channel. These tests show that closing it really ends every goroutine behind the channels.
 */
class StopWhenDoneTest {
  private static final Duration LIMIT = Duration.ofSeconds(10);

  /** Receives until {@code ch} is closed; fails if that takes longer than {@link #LIMIT}. */
  private static <E> int drainUntilClosed(ReceiveChannel<E> ch) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    int drained = 0;
    for (; ; ) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      assertThat(left).as("channel still open after %s", LIMIT).isPositive();
      ReceiveResult<E> r = ch.tryReceive(left);
      if (r.isClosed()) {
        return drained;
      }
      drained++;
    }
  }

  @RepeatedTest(5)
  void generatorClosesItsChannelOnceDoneIsClosed() {
    Channel<Void> done = Channel.unbuffered();
    ReceiveChannel<Long> numbers = Generator.randGenerator2(done);
    assertThat(numbers.receive()).isNotNegative();

    done.close();

    drainUntilClosed(numbers);
  }

  @RepeatedTest(5)
  void multiplexerClosesItsChannelOnceBothGeneratorsAndForwardersAreDone() {
    Channel<Void> done = Channel.unbuffered();
    ReceiveChannel<Long> numbers = Multiplexing.randGenerator3(done);
    for (int i = 0; i < 20; i++) {
      assertThat(numbers.receive()).isNotNegative();
    }

    done.close();

    // The merged channel closes only after both forwarding goroutines have returned.
    drainUntilClosed(numbers);
  }

  @Test
  void multiplexerMergesBothGenerators() {
    // Both forwarders feed the same channel: many values, all distinct in practice.
    Channel<Void> done = Channel.unbuffered();
    ReceiveChannel<Long> numbers = Multiplexing.randGenerator3(done);
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      got.add(numbers.receive());
    }
    done.close();
    assertThat(got).doesNotHaveDuplicates();
    drainUntilClosed(numbers);
  }

  @Test
  void sieveGoroutinesAllReturnOnceDoneIsClosed() throws InterruptedException {
    Channel<Void> done = Channel.unbuffered();
    List<Thread> goroutines = new ArrayList<>();
    Channel<Integer> ch = Channel.unbuffered();
    Channel<Integer> first = ch;
    goroutines.add(go(() -> Sieve.generate(first, done)));
    List<Integer> primes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int prime = ch.receive();
      primes.add(prime);
      Channel<Integer> ch1 = Channel.unbuffered();
      Channel<Integer> in = ch;
      goroutines.add(go(() -> Sieve.filter(in, ch1, prime, done)));
      ch = ch1;
    }
    assertThat(primes).containsExactly(2, 3, 5, 7, 11, 13, 17, 19, 23, 29);

    done.close();

    for (Thread g : goroutines) {
      assertThat(g.join(LIMIT)).as("%s returned", g.getName()).isTrue();
    }
  }
}

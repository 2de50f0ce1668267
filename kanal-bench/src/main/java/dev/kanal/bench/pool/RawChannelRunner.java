package dev.kanal.bench.pool;

import static dev.kanal.Go.go;

import dev.kanal.Channel;
import java.util.function.UnaryOperator;

/** Seed 000's pool by hand: jobs and results channels, worker goroutines ranging over jobs. */
final class RawChannelRunner implements PoolRunner {
  private final Channel<Integer> jobs;
  private final Channel<Integer> results;

  RawChannelRunner(int workers, int capacity, UnaryOperator<Integer> work) {
    jobs = Channel.buffered(capacity);
    results = Channel.buffered(capacity);
    for (int w = 0; w < workers; w++) {
      go(
          () -> {
            for (Integer j : jobs) {
              results.send(work.apply(j));
            }
          });
    }
  }

  @Override
  public long runBatch(Integer[] inputs, int n) {
    for (int i = 1; i <= n; i++) {
      jobs.send(inputs[i]);
    }
    long sum = 0;
    for (int i = 1; i <= n; i++) {
      sum += results.receive();
    }
    return sum;
  }

  @Override
  public void close() {
    jobs.close();
  }
}

package dev.kanal.bench.pool;

import dev.kanal.ReceiveChannel;
import dev.kanal.pool.WorkerPool;
import java.util.function.UnaryOperator;

/** Kanal's WorkerPool: submit, then range over results(). */
final class WorkerPoolRunner implements PoolRunner {
  private final WorkerPool<Integer, Integer> pool;
  private final ReceiveChannel<Integer> results;

  WorkerPoolRunner(int workers, int queue, UnaryOperator<Integer> work) {
    pool =
        WorkerPool.<Integer, Integer>builder((x, job) -> work.apply(x))
            .name("bench-pool")
            .workers(workers)
            .queueCapacity(queue)
            .build();
    results = pool.results();
  }

  @Override
  public long runBatch(Integer[] inputs, int n) {
    for (int i = 1; i <= n; i++) {
      pool.submit(inputs[i]);
    }
    long sum = 0;
    for (int i = 1; i <= n; i++) {
      sum += results.receive();
    }
    return sum;
  }

  @Override
  public void close() {
    pool.close();
  }
}

package dev.kanal.bench.pool;

/** One pool under test: runs a batch of jobs and returns the sum of their results. */
interface PoolRunner extends AutoCloseable {

  /** Submits {@code inputs[1..n]}, waits for every result, returns their sum. */
  long runBatch(Integer[] inputs, int n);

  @Override
  void close();
}

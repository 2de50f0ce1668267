package dev.kanal.bench.pool;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A JDK executor: execute a Runnable per job, results through a LinkedBlockingQueue. */
final class ExecutorRunner implements PoolRunner {
  private final ExecutorService executor;
  private final UnaryOperator<Integer> work;
  private final LinkedBlockingQueue<Integer> results = new LinkedBlockingQueue<>();

  private ExecutorRunner(ExecutorService executor, UnaryOperator<Integer> work) {
    this.executor = executor;
    this.work = work;
  }

  static ExecutorRunner threadPool(int workers, UnaryOperator<Integer> work) {
    return new ExecutorRunner(
        new ThreadPoolExecutor(
            workers, workers, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>()),
        work);
  }

  static ExecutorRunner forkJoin(int workers, UnaryOperator<Integer> work) {
    return new ExecutorRunner(new ForkJoinPool(workers), work);
  }

  @Override
  public long runBatch(Integer[] inputs, int n) {
    for (int i = 1; i <= n; i++) {
      Integer x = inputs[i];
      executor.execute(() -> results.add(work.apply(x)));
    }
    long sum = 0;
    try {
      for (int i = 1; i <= n; i++) {
        sum += results.take();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return sum;
  }

  @Override
  public void close() {
    executor.close();
  }
}

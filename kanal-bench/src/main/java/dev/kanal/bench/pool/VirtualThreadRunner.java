package dev.kanal.bench.pool;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;

/** One virtual thread per job, at most {@code workers} at once (a semaphore). */
final class VirtualThreadRunner implements PoolRunner {
  private final Semaphore slots;
  private final UnaryOperator<Integer> work;
  private final LinkedBlockingQueue<Integer> results = new LinkedBlockingQueue<>();

  VirtualThreadRunner(int workers, UnaryOperator<Integer> work) {
    this.slots = new Semaphore(workers);
    this.work = work;
  }

  @Override
  public long runBatch(Integer[] inputs, int n) {
    try {
      for (int i = 1; i <= n; i++) {
        Integer x = inputs[i];
        slots.acquire();
        Thread.startVirtualThread(
            () -> {
              try {
                results.add(work.apply(x));
              } finally {
                slots.release();
              }
            });
      }
      long sum = 0;
      for (int i = 1; i <= n; i++) {
        sum += results.take();
      }
      return sum;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {}
}

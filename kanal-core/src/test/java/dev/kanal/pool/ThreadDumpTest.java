package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The leak check of the stress test can fail: a live pool's goroutines are in the dump. */
@Timeout(30)
class ThreadDumpTest {

  @Test
  void aLivePoolsGoroutinesAreListedAndGoneAfterTermination() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  release.await();
                  return n;
                })
            .name("dumped")
            .workers(2)
            .listener(e -> {})
            .build();
    pool.submit(1);
    // Goroutines name themselves when they start running.
    org.awaitility.Awaitility.await()
        .untilAsserted(
            () ->
                assertThat(WorkerPoolStressTest.liveThreads("dumped-"))
                    .contains(
                        "dumped-worker-1", "dumped-worker-2", "dumped-events", "dumped-outcomes"));
    release.countDown();
    pool.close();
    org.awaitility.Awaitility.await()
        .untilAsserted(() -> assertThat(WorkerPoolStressTest.liveThreads("dumped-")).isEmpty());
  }
}

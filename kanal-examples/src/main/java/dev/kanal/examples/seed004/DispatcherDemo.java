package dev.kanal.examples.seed004;

import dev.kanal.Time;
import dev.kanal.examples.DemoArgs;
import dev.kanal.pattern.Dispatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 004's dispatcher ("另一种worker的写法"): jobs go on a queue, a dispatcher hands each to an
 * idle worker through a channel of worker channels. The seed shows the parts but no
 * {@code main}; this one sizes the dispatcher from {@code MAX_WORKERS} and {@code MAX_QUEUE},
 * as the seed does, queues jobs whose payload "uploads to S3" (a short sleep; one in ten
 * fails, to show the seed's error log), and waits for all of them.
 *
 * <p>{@code MAX_WORKERS=4 MAX_QUEUE=10 kanal demo dispatcher [JOBS]} (default 20 jobs; unset
 * variables default to one worker per processor and a queue of 100).
 */
public final class DispatcherDemo {
  private DispatcherDemo() {}

  /** Payload is what a job carries. */
  record Payload(int id) {
    void uploadToS3() throws IOException {
      Time.sleep(Duration.ofMillis(50 + ThreadLocalRandom.current().nextInt(100)));
      if (id % 10 == 7) {
        throw new IOException("S3 bucket unreachable for payload " + id);
      }
      Log.printf("%s: payload %d uploaded to S3", Thread.currentThread().getName(), id);
    }
  }

  /** Job represents the job to be run. */
  record Job(Payload payload) {}

  public static void main(String[] args) {
    int jobs;
    Dispatcher.Config sizes;
    try {
      jobs = DemoArgs.count(args, 0, "JOBS", 20);
      sizes = Dispatcher.Config.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      DemoArgs.exitWithUsage("dispatcher", new DemoArgs.UsageException(e.getMessage()));
      return;
    }

    Dispatcher<Job> dispatcher =
        new Dispatcher<Job>(sizes, job -> job.payload().uploadToS3())
            .onError((job, err) -> Log.printf("Error uploading to S3: %s", err.getMessage()));
    Log.printf("Dispatcher: %d workers, a queue of %d", sizes.maxWorkers(), sizes.maxQueue());
    dispatcher.run();

    for (int i = 1; i <= jobs; i++) {
      // Push the work onto the queue.
      dispatcher.submit(new Job(new Payload(i)));
    }

    dispatcher.close(); // every queued job done, every worker stopped
    Log.println("All jobs done.");
  }
}

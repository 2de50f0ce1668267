package dev.kanal.examples.seed000;

import static dev.kanal.Go.go;
import static dev.kanal.Time.sleep;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import dev.kanal.SendChannel;
import java.time.Duration;

/**
 * Seed 000, Go by Example's "Worker Pools": a pool of workers built from goroutines and
 * channels.
 *
 * <p>Running it shows the 5 jobs run by the various workers. It takes only about 2 seconds
 * although the total work is about 5 seconds, because 3 workers run in parallel.
 */
public final class WorkerPools {
  private WorkerPools() {}

  // Here is the worker, of which we run several concurrent instances. The workers receive
  // work on the `jobs` channel and send the matching results on `results`. We sleep one
  // second per job to simulate an expensive task.
  static void worker(int id, ReceiveChannel<Integer> jobs, SendChannel<Integer> results) {
    for (int j : jobs) {
      System.out.println("worker " + id + " started  job " + j);
      sleep(Duration.ofSeconds(1));
      System.out.println("worker " + id + " finished job " + j);
      results.send(j * 2);
    }
  }

  public static void main(String[] args) {

    // To use our pool of workers we must send them work and collect their results. We make
    // 2 channels for that.
    final int numJobs = 5;
    Channel<Integer> jobs = Channel.buffered(numJobs);
    Channel<Integer> results = Channel.buffered(numJobs);

    // This starts 3 workers, initially blocked because there are no jobs yet.
    for (int w = 1; w <= 3; w++) {
      int id = w;
      go(() -> worker(id, jobs, results));
    }

    // Here we send 5 `jobs` and then `close` that channel to say that is all the work we
    // have.
    for (int j = 1; j <= numJobs; j++) {
      jobs.send(j);
    }
    jobs.close();

    // Finally we collect all the results of the work. This also makes sure that the worker
    // goroutines have finished. Another way to wait for several goroutines is a WaitGroup
    // (see the `waitgroups` demo).
    for (int a = 1; a <= numJobs; a++) {
      results.receive();
    }
  }
}

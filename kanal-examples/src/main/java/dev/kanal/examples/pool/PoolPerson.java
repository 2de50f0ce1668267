package dev.kanal.examples.pool;

import static dev.kanal.Time.sleep;

import dev.kanal.pool.JobContext;
import dev.kanal.pool.WorkerPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001, first program (3 workers process a list of people), on {@link WorkerPool}. The
 * hand-made version needs the jobs and results channels, a WaitGroup, a sender goroutine and a
 * closer goroutine; here the pool is all of that, and the worker is just the work.
 */
public final class PoolPerson {
  private PoolPerson() {}

  static String process(Person p, JobContext job) {
    Duration delay = Duration.ofMillis(100 + ThreadLocalRandom.current().nextInt(200));
    sleep(delay); // Simule un travail
    return String.format(
        "Worker %d : %s (%d ans) traité en %dms",
        job.workerId(), p.name(), p.age(), delay.toMillis());
  }

  public static void main(String[] args) {
    List<Person> people =
        List.of(
            new Person("Alice", 30),
            new Person("Bob", 25),
            new Person("Charlie", 35),
            new Person("Dave", 40),
            new Person("Eve", 28),
            new Person("Frank", 32));

    try (var pool = WorkerPool.<Person, String>builder(PoolPerson::process).workers(3).build()) {
      people.forEach(pool::submit); // Envoi des tâches
      pool.shutdown(); // Important : plus de tâches (close(jobs))
      for (String msg : pool.results()) { // Lecture des résultats jusqu'à la fin
        System.out.println(msg);
      }
    }
  }
}

package dev.kanal.examples.pool;

import static dev.kanal.Time.sleep;

import dev.kanal.examples.DemoArgs;
import dev.kanal.pool.JobContext;
import dev.kanal.pool.WorkerPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001, second program: the same pool with a global timeout (1 second), on {@link WorkerPool}.
 * The pool's {@code timeout} is the seed's {@code context.WithTimeout}: when it passes, running
 * jobs are interrupted (the seed's {@code select} on {@code ctx.Done()}) and the queued ones never
 * start. An optional argument sets the timeout ({@code 400ms}, {@code 2s}), as person-timeout's.
 */
public final class PoolPersonTimeout {
  private PoolPersonTimeout() {}

  static String process(Person p, JobContext job) {
    Duration delay = Duration.ofMillis(200 + ThreadLocalRandom.current().nextInt(300));
    sleep(delay); // Simule un travail; interrompu si le timeout global tombe
    return String.format(
        "Worker %d : %s traité en %dms", job.workerId(), p.name(), delay.toMillis());
  }

  public static void main(String[] args) {
    Duration timeout =
        DemoArgs.durationOrExit("pool-person-timeout", args, 0, "TIMEOUT", Duration.ofSeconds(1));
    List<Person> people =
        List.of(
            new Person("Alice", 30),
            new Person("Bob", 25),
            new Person("Charlie", 35),
            new Person("Dave", 40),
            new Person("Eve", 28),
            new Person("Frank", 32));

    try (var pool =
        WorkerPool.<Person, String>builder(PoolPersonTimeout::process)
            .workers(3)
            .timeout(timeout)
            .build()) {
      people.forEach(pool::submit);
      pool.shutdown();
      for (String msg : pool.results()) {
        System.out.println(msg);
      }
    }
    System.out.println("✅ Fin du programme (timeout ou travail terminé)");
  }
}

package dev.kanal.examples.pool;

import static dev.kanal.Time.sleep;

import dev.kanal.pool.JobContext;
import dev.kanal.pool.Outcome;
import dev.kanal.pool.WorkerPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001, third program: a critical error (age over 35) cancels all the work, on {@link
 * WorkerPool}. The seed's {@code errCh}, its select loop and its {@code cancel()} are the pool's
 * {@code critical} predicate: the first critical failure stops the pool, and every job not yet done
 * ends as cancelled, naming the job that caused it.
 */
public final class PoolPersonCancel {
  private PoolPersonCancel() {}

  static final class CriticalError extends RuntimeException {
    CriticalError(String message) {
      super(message);
    }
  }

  static String process(Person p, JobContext job) {
    Duration delay = Duration.ofMillis(200 + ThreadLocalRandom.current().nextInt(200));
    sleep(delay); // Simule un travail
    if (p.age() > 35) {
      throw new CriticalError(
          String.format(
              "❌ Worker %d : erreur critique avec %s (âge %d)", job.workerId(), p.name(), p.age()));
    }
    return String.format(
        "✔️ Worker %d : %s traité en %dms", job.workerId(), p.name(), delay.toMillis());
  }

  public static void main(String[] args) {
    List<Person> people =
        List.of(
            new Person("Alice", 30),
            new Person("Bob", 25),
            new Person("Charlie", 36),
            new Person("Dave", 32),
            new Person("Eve", 28),
            new Person("Frank", 40));

    try (var pool =
        WorkerPool.<Person, String>builder(PoolPersonCancel::process)
            .workers(3)
            .critical(e -> e instanceof CriticalError)
            .build()) {
      people.forEach(pool::submit);
      pool.shutdown();
      for (Outcome<Person, String> outcome : pool.outcomes()) {
        switch (outcome) {
          case Outcome.Succeeded<Person, String> ok -> System.out.println(ok.result());
          case Outcome.Failed<Person, String> critical ->
              System.out.println(critical.error().getMessage());
          default -> {} // annulé par l'erreur critique
        }
      }
    }
    System.out.println("✅ Fin du traitement (annulé ou terminé)");
  }
}

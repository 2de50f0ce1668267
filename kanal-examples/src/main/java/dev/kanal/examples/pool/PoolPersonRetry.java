package dev.kanal.examples.pool;

import static dev.kanal.Time.sleep;

import dev.kanal.pool.JobContext;
import dev.kanal.pool.LogFormat;
import dev.kanal.pool.LogSink;
import dev.kanal.pool.PoolEvent;
import dev.kanal.pool.RetryPolicy;
import dev.kanal.pool.WorkerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001, fourth program: failed jobs are retried once and every result and error goes to {@code
 * log.txt} and the console, on {@link WorkerPool}. The seed's {@code retry} channel and {@code
 * Retries} field are a {@link RetryPolicy}; its {@code logWriter} goroutine is a {@link LogSink}
 * (one writer goroutine, flushed when the pool closes), here with the seed's own line format. An
 * optional argument names the log file.
 */
public final class PoolPersonRetry {
  private PoolPersonRetry() {}

  static String process(Person p, JobContext job) {
    Duration delay = Duration.ofMillis(200 + ThreadLocalRandom.current().nextInt(300));
    sleep(delay);
    if (p.age() > 35) {
      throw new IllegalStateException(
          String.format("Worker %d : échec sur %s (âge %d)", job.workerId(), p.name(), p.age()));
    }
    return String.format(
        "Worker %d : %s traité en %dms", job.workerId(), p.name(), delay.toMillis());
  }

  /** The seed's log lines: a result or an error per line, nothing else. */
  static final LogFormat SEED_LINES =
      event ->
          switch (event) {
            case PoolEvent.JobSucceeded ok -> "✔️ " + ok.result();
            case PoolEvent.JobRetrying failed -> "❌ " + failed.error().getMessage();
            case PoolEvent.JobFailed failed -> "❌ " + failed.error().getMessage();
            default -> null;
          };

  public static void main(String[] args) {
    Path logFile = Path.of(args.length > 0 ? args[0] : "log.txt");
    List<Person> people =
        List.of(
            new Person("Alice", 30),
            new Person("Bob", 25),
            new Person("Charlie", 36),
            new Person("Dave", 40),
            new Person("Eve", 28),
            new Person("Frank", 32));

    try (var pool =
        WorkerPool.<Person, String>builder(PoolPersonRetry::process)
            .workers(3)
            .retry(RetryPolicy.attempts(2)) // une seule relance
            .log(LogSink.open(logFile, SEED_LINES, System.out)) // fichier + console
            .build()) {
      people.forEach(pool::submit);
    } // attend la fin du travail et du journal
    System.out.println("✅ Traitement terminé. Voir " + logFile + " pour les détails.");
  }
}

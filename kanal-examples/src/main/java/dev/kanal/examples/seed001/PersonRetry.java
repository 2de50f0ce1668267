package dev.kanal.examples.seed001;

import static dev.kanal.Go.go;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import dev.kanal.SendChannel;
import dev.kanal.Time;
import dev.kanal.WaitGroup;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001, "Relance automatique + log.txt": failed jobs (age over 35) are retried once, and
 * every result and error goes to the console and to {@code log.txt} through one logger
 * goroutine. {@code kanal demo person-retry [FILE]} writes FILE instead of {@code log.txt}.
 *
 * <p>The seed's program cannot run as printed, so three things differ, each marked below.
 * It closes {@code jobs} once the six first jobs are sent, but a retry comes later and is sent
 * on the closed channel (Go panics); here a WaitGroup counts the jobs not yet done, retries
 * included, and {@code jobs} closes when it reaches zero. The retry channel is buffered, so a
 * worker handing over a retry never waits for a worker (they are all busy sending retries,
 * otherwise: a deadlock). And when {@code log.txt} cannot be created, the seed's logger returns
 * without reading the log channel or signalling the end (the program hangs); here it logs to
 * the console only. The seed's sample log shows retried persons succeeding; with its rule (age
 * over 35 fails) a retry fails again, which is what this program logs: each failing person
 * fails exactly twice.
 */
public final class PersonRetry {
  private PersonRetry() {}

  record Person(String name, int age, int retries) { // retries: pour limiter les tentatives
    Person retried() {
      return new Person(name, age, retries + 1);
    }
  }

  static void worker(
      int id,
      ReceiveChannel<Person> jobs,
      SendChannel<String> results,
      SendChannel<Person> retry,
      SendChannel<String> logCh,
      WaitGroup pending,
      WaitGroup wg) {
    try { // defer wg.Done()
      for (Person p : jobs) {
        Duration delay = Duration.ofMillis(200 + ThreadLocalRandom.current().nextInt(300));
        Time.sleep(delay);

        if (p.age() > 35) {
          String msg = String.format("❌ Worker %d : échec sur %s (âge %d)", id, p.name(), p.age());
          logCh.send(msg);

          if (p.retries() < 1) {
            pending.add(1); // (not in the seed) the retry is a job still to do
            retry.send(p.retried()); // réessai
          }
        } else {
          String msg =
              String.format("✔️ Worker %d : %s traité en %s", id, p.name(), GoDuration.of(delay));
          results.send(msg);
          logCh.send(msg);
        }
        pending.done(); // (not in the seed) this job is done
      }
    } finally {
      wg.done();
    }
  }

  static void logWriter(Path path, ReceiveChannel<String> logCh, SendChannel<Boolean> done) {
    Writer file;
    try {
      file = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    } catch (IOException err) {
      System.out.println("Erreur ouverture fichier : " + err);
      file = null; // (not in the seed) go on, on the console only
    }
    try (Writer f = file) { // defer file.Close()
      for (String msg : logCh) {
        System.out.println(msg); // console
        if (f != null) {
          f.write(msg + "\n"); // fichier
        }
      }
    } catch (IOException err) {
      System.out.println("Erreur écriture fichier : " + err);
      for (String msg : logCh) { // keep draining, or the workers would block on logCh
        System.out.println(msg);
      }
    }

    done.send(true);
  }

  public static void main(String[] args) {
    Path logFile = Path.of(args.length > 0 ? args[0] : "log.txt");
    List<Person> people =
        List.of(
            new Person("Alice", 30, 0),
            new Person("Bob", 25, 0),
            new Person("Charlie", 36, 0), // échoue, puis réessaie
            new Person("Dave", 40, 0), // échoue, puis réessaie
            new Person("Eve", 28, 0),
            new Person("Frank", 32, 0));

    Channel<Person> jobs = Channel.unbuffered();
    Channel<Person> retryJobs = Channel.buffered(people.size()); // (the seed's is unbuffered)
    Channel<String> results = Channel.unbuffered();
    Channel<String> logCh = Channel.buffered(10);
    WaitGroup wg = new WaitGroup();
    WaitGroup pending = new WaitGroup(); // (not in the seed) jobs not yet done
    pending.add(people.size());

    // Logger
    Channel<Boolean> doneLogging = Channel.unbuffered();
    go(() -> logWriter(logFile, logCh, doneLogging));

    // Workers
    int numWorkers = 3;
    for (int i = 1; i <= numWorkers; i++) {
      wg.add(1);
      int id = i;
      go(() -> worker(id, jobs, results, retryJobs, logCh, pending, wg));
    }

    // Envoi initial
    go(
        () -> {
          for (Person p : people) {
            jobs.send(p);
          }
          // (the seed closes jobs here, before the retries are sent)
        });

    // Gestion des retries (1 tentative max)
    go(
        () -> {
          for (Person p : retryJobs) {
            jobs.send(p);
          }
        });

    // (not in the seed) Once every job, retries included, is done, no job can come any more.
    go(
        () -> {
          pending.await();
          jobs.close();
          retryJobs.close();
        });

    // Attente des workers
    go(
        () -> {
          wg.await();
          results.close();
          logCh.close();
        });

    // Affiche les résultats (console uniquement)
    for (String msg : results) {
      // déjà loggé dans logWriter
    }

    doneLogging.receive();
    System.out.println("✅ Traitement terminé. Voir " + logFile + " pour les détails.");
  }
}

package dev.kanal.examples.seed001;

import static dev.kanal.Go.go;
import static dev.kanal.Time.sleep;

import dev.kanal.Channel;
import dev.kanal.ReceiveChannel;
import dev.kanal.SendChannel;
import dev.kanal.WaitGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001, the first worker pool: a list of people processed by 3 workers, with a {@code
 * WaitGroup} to know when every worker is done.
 *
 * <p>What it teaches: {@code jobs} carries the tasks and {@code results} the answers; each
 * worker is a goroutine; the {@code WaitGroup} waits for every worker; ranging over a channel
 * reads until it is closed; and closing the channel is what signals the end.
 */
public final class PersonPool {
  private PersonPool() {}

  record Person(String name, int age) {}

  static void worker(
      int id, ReceiveChannel<Person> jobs, SendChannel<String> results, WaitGroup wg) {
    try { // defer wg.Done()
      for (Person p : jobs) {
        Duration delay = Duration.ofMillis(100 + ThreadLocalRandom.current().nextInt(200));
        sleep(delay); // Simule un travail
        results.send(
            String.format(
                "Worker %d : %s (%d ans) traité en %dms", id, p.name(), p.age(), delay.toMillis()));
      }
    } finally {
      wg.done();
    }
  }

  public static void main(String[] args) {
    // No rand.Seed(time.Now().UnixNano()) needed: ThreadLocalRandom is seeded already.

    List<Person> people =
        List.of(
            new Person("Alice", 30),
            new Person("Bob", 25),
            new Person("Charlie", 35),
            new Person("Dave", 40),
            new Person("Eve", 28),
            new Person("Frank", 32));

    Channel<Person> jobs = Channel.unbuffered();
    Channel<String> results = Channel.unbuffered();
    WaitGroup wg = new WaitGroup();

    // Démarrage de 3 workers
    int numWorkers = 3;
    for (int i = 1; i <= numWorkers; i++) {
      wg.add(1);
      int id = i;
      go(() -> worker(id, jobs, results, wg));
    }

    // Envoi des tâches
    go(
        () -> {
          for (Person p : people) {
            jobs.send(p);
          }
          jobs.close(); // Important : ferme le canal de jobs
        });

    // Lecture des résultats
    go(
        () -> {
          wg.await(); // Attend que tous les workers aient terminé
          results.close(); // Ensuite on peut fermer le canal de résultats
        });

    for (String msg : results) {
      System.out.println(msg);
    }
  }
}

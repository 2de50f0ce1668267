package dev.kanal.examples.seed001;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;
import static dev.kanal.Time.after;

import dev.kanal.CancellableContext;
import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.ReceiveChannel;
import dev.kanal.SendChannel;
import dev.kanal.WaitGroup;
import dev.kanal.examples.DemoArgs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001, "Code complet avec timeout global": the person worker pool stopped by a global
 * timeout, through a context ({@code context.WithTimeout}).
 *
 * <p>Every select of the seed is here: the worker waits for a job or the end of the context,
 * then for the end of its simulated work or the end of the context; the sender stops sending
 * when the context ends. So once the second has passed, no result comes any more and the
 * program prints its last line.
 *
 * <p>{@code kanal demo person-timeout [TIMEOUT]}: the global timeout as a Go duration
 * (default {@code 1s}, the seed's).
 */
public final class PersonTimeout {
  private PersonTimeout() {}

  record Person(String name, int age) {}

  static void worker(
      Context ctx, int id, ReceiveChannel<Person> jobs, SendChannel<String> results, WaitGroup wg) {
    try { // defer wg.Done()
      boolean running = true;
      while (running) {
        running =
            select(
                ctx.done().onReceiveApply(x -> false), // arrêt demandé
                jobs.onReceiveApply(
                    p -> {
                      if (p == null) {
                        return false; // plus de jobs
                      }

                      // Simule un travail
                      Duration delay =
                          Duration.ofMillis(200 + ThreadLocalRandom.current().nextInt(300));
                      return select(
                          ctx.done().onReceiveApply(x -> false), // arrêt pendant le traitement
                          after(delay)
                              .onReceiveApply(
                                  t -> {
                                    results.send(
                                        String.format(
                                            "Worker %d : %s traité en %s",
                                            id, p.name(), GoDuration.of(delay)));
                                    return true;
                                  }));
                    }));
      }
    } finally {
      wg.done();
    }
  }

  public static void main(String[] args) {
    Duration timeout;
    try {
      timeout = DemoArgs.duration(args, 0, "TIMEOUT", Duration.ofSeconds(1));
    } catch (DemoArgs.UsageException e) {
      DemoArgs.exitWithUsage("person-timeout", e);
      return;
    }

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

    // Création du contexte avec timeout global (1 seconde ici)
    try (CancellableContext ctx = Context.withTimeout(Context.background(), timeout)) {
      // (try-with-resources: defer cancel())

      // Lancement de 3 workers
      int numWorkers = 3;
      for (int i = 1; i <= numWorkers; i++) {
        wg.add(1);
        int id = i;
        go(() -> worker(ctx, id, jobs, results, wg));
      }

      // Envoi des jobs
      go(
          () -> {
            for (Person p : people) {
              boolean sent =
                  select(ctx.done().onReceiveApply(x -> false), jobs.onSend(p, () -> true));
              if (!sent) {
                return;
              }
            }
            jobs.close();
          });

      // Récupération des résultats
      go(
          () -> {
            wg.await();
            results.close();
          });

      // Affichage
      for (String msg : results) {
        System.out.println(msg);
      }

      System.out.println("✅ Fin du programme (timeout ou travail terminé)");
    }
  }
}

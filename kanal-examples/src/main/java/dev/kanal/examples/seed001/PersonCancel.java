package dev.kanal.examples.seed001;

import static dev.kanal.Go.go;
import static dev.kanal.Select.select;
import static dev.kanal.Time.after;

import dev.kanal.CancellableContext;
import dev.kanal.Channel;
import dev.kanal.Context;
import dev.kanal.ContextException;
import dev.kanal.ReceiveChannel;
import dev.kanal.SendChannel;
import dev.kanal.WaitGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001, "Annulation conditionnelle (erreur simulée)": the person worker pool cancelled as
 * soon as one worker reports a critical error (age over 35) on an error channel.
 *
 * <p>One difference with the seed, which leaks: there, once main has stopped reading, a worker
 * that still has a result (or a second error, the error channel holding only one) blocks on its
 * send forever, and only the end of the program frees it. Here those two sends take the
 * context ({@code send(v, ctx)}), so after the cancel every worker leaves.
 */
public final class PersonCancel {
  private PersonCancel() {}

  record Person(String name, int age) {}

  static void worker(
      Context ctx,
      int id,
      ReceiveChannel<Person> jobs,
      SendChannel<String> results,
      SendChannel<Exception> errCh,
      WaitGroup wg) {
    try { // defer wg.Done()
      boolean running = true;
      while (running) {
        running =
            select(
                ctx.done().onReceiveApply(x -> false),
                jobs.onReceiveApply(
                    p -> {
                      if (p == null) {
                        return false;
                      }

                      // Simule un travail
                      Duration delay =
                          Duration.ofMillis(200 + ThreadLocalRandom.current().nextInt(200));
                      return select(
                          ctx.done().onReceiveApply(x -> false),
                          after(delay)
                              .onReceiveApply(
                                  t -> {
                                    if (p.age() > 35) {
                                      errCh.send(
                                          new Exception(
                                              String.format(
                                                  "❌ Worker %d : erreur critique avec %s (âge %d)",
                                                  id, p.name(), p.age())),
                                          ctx);
                                      return false;
                                    }
                                    results.send(
                                        String.format(
                                            "✔️ Worker %d : %s traité en %s",
                                            id, p.name(), GoDuration.of(delay)),
                                        ctx);
                                    return true;
                                  }));
                    }));
      }
    } catch (ContextException cancelled) {
      // cancelled while handing over a result or an error: nobody reads any more
    } finally {
      wg.done();
    }
  }

  public static void main(String[] args) {
    List<Person> people =
        List.of(
            new Person("Alice", 30),
            new Person("Bob", 25),
            new Person("Charlie", 36), // Provoquera une erreur
            new Person("Dave", 32),
            new Person("Eve", 28),
            new Person("Frank", 40));

    Channel<Person> jobs = Channel.unbuffered();
    Channel<String> results = Channel.unbuffered();
    Channel<Exception> errCh = Channel.buffered(1); // 1 seule erreur suffit pour annuler
    WaitGroup wg = new WaitGroup();

    try (CancellableContext ctx = Context.withCancel(Context.background())) {
      // (try-with-resources: defer cancel())

      // Workers
      int numWorkers = 3;
      for (int i = 1; i <= numWorkers; i++) {
        wg.add(1);
        int id = i;
        go(() -> worker(ctx, id, jobs, results, errCh, wg));
      }

      // Envoi des tâches
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

      // Résultats
      go(
          () -> {
            wg.await();
            results.close();
          });

      // Contrôle des résultats et erreurs
      boolean done = false;
      while (!done) {
        done =
            select(
                results.onReceiveApply(
                    msg -> {
                      if (msg != null) {
                        System.out.println(msg);
                        return false;
                      }
                      return true;
                    }),
                errCh.onReceiveApply(
                    err -> {
                      System.out.println(err.getMessage());
                      ctx.cancel(); // annule tous les workers
                      return true;
                    }));
      }

      System.out.println("✅ Fin du traitement (annulé ou terminé)");
    }
  }
}

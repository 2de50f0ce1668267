package dev.kanal.examples.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.examples.Demos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The seed programs rewritten on WorkerPool: they run and print what the seeds print. */
@Timeout(60)
class PoolDemosTest {
  private static final Map<String, Integer> AGES =
      Map.of("Alice", 30, "Bob", 25, "Charlie", 35, "Dave", 40, "Eve", 28, "Frank", 32);

  @Test
  void personPoolProcessesEveryPersonOnceOnThreeWorkers() throws Exception {
    Pattern line = Pattern.compile("Worker ([1-3]) : (\\w+) \\((\\d+) ans\\) traité en (\\d+)ms");
    Console.Output out = Console.run(PoolPerson::main);
    assertThat(out.lines()).hasSize(6);
    Map<String, Integer> ages = new HashMap<>();
    for (String l : out.lines()) {
      Matcher m = line.matcher(l);
      assertThat(m.matches()).as("line '%s'", l).isTrue();
      assertThat(ages.put(m.group(2), Integer.parseInt(m.group(3))))
          .as("%s twice", m.group(2))
          .isNull();
      assertThat(Integer.parseInt(m.group(4))).isBetween(100, 299);
    }
    assertThat(ages).isEqualTo(AGES);
  }

  @Test
  void theGlobalTimeoutCancelsTheWorkNotDone() throws Exception {
    Pattern line = Pattern.compile("Worker [1-3] : \\w+ traité en (\\d+)ms");
    // 300ms: only jobs of the first round that drew a delay under 300ms can finish.
    Console.Output out = Console.run(PoolPersonTimeout::main, "300ms");
    List<String> results = out.lines().subList(0, out.lines().size() - 1);
    assertThat(out.lines().getLast()).isEqualTo("✅ Fin du programme (timeout ou travail terminé)");
    assertThat(results)
        .hasSizeLessThanOrEqualTo(3)
        .allSatisfy(
            l ->
                assertThat(l)
                    .matches(line)
                    .satisfies(
                        x -> {
                          Matcher m = line.matcher(x);
                          assertThat(m.matches()).isTrue();
                          assertThat(Integer.parseInt(m.group(1))).isLessThan(300);
                        }));
    assertThat(out.millis()).as("stopped at the timeout, not after the work").isLessThan(1_500);
    // With the seed's 1 second every line is well formed too.
    Console.Output full = Console.run(PoolPersonTimeout::main);
    assertThat(full.lines().getLast()).startsWith("✅");
    assertThat(full.lines().subList(0, full.lines().size() - 1))
        .allSatisfy(l -> assertThat(l).matches(line));
  }

  @Test
  void aCriticalErrorCancelsEverything() throws Exception {
    Console.Output out = Console.run(PoolPersonCancel::main);
    List<String> errors = out.lines().stream().filter(l -> l.startsWith("❌")).toList();
    assertThat(errors)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .matches(
                        "❌ Worker [1-3] : erreur critique avec (Charlie \\(âge 36\\)|Frank \\(âge"
                            + " 40\\))"));
    assertThat(out.lines())
        .filteredOn(l -> l.startsWith("✔️"))
        .hasSizeLessThanOrEqualTo(4)
        .allSatisfy(
            l -> assertThat(l).matches("✔️ Worker [1-3] : (Alice|Bob|Dave|Eve) traité en \\d+ms"));
    assertThat(out.lines().getLast()).isEqualTo("✅ Fin du traitement (annulé ou terminé)");
    assertThat(out.millis()).isLessThan(3_000);
  }

  @Test
  void failedJobsAreRetriedOnceAndEverythingIsLogged(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("log.txt");
    Console.Output out = Console.run(PoolPersonRetry::main, log.toString());
    List<String> logged = Files.readAllLines(log);
    assertThat(logged).hasSize(8);
    assertThat(logged)
        .filteredOn(l -> l.startsWith("✔️"))
        .extracting(l -> l.replaceAll("✔️ Worker [1-3] : (\\w+) traité en \\d+ms", "$1"))
        .containsExactlyInAnyOrder("Alice", "Bob", "Eve", "Frank");
    assertThat(logged)
        .filteredOn(l -> l.startsWith("❌"))
        .extracting(l -> l.replaceAll("❌ Worker [1-3] : échec sur (\\w+) \\(âge \\d+\\)", "$1"))
        .containsExactlyInAnyOrder("Charlie", "Charlie", "Dave", "Dave");
    assertThat(out.lines().subList(0, 8)).containsExactlyElementsOf(logged);
    assertThat(out.lines().getLast())
        .isEqualTo("✅ Traitement terminé. Voir " + log + " pour les détails.");
  }

  @Test
  void seed002DoublesEachJobAndReadsTheResultsInJobOrder() throws Exception {
    Console.Output out = Console.run(PoolSeed002::main);
    assertThat(out.lines()).hasSize(10);
    assertThat(out.lines())
        .filteredOn(l -> l.startsWith("Worker"))
        .hasSize(5)
        .allSatisfy(l -> assertThat(l).matches("Worker [1-3] a traité job (\\d) : \\1 → \\d+"));
    assertThat(out.lines())
        .filteredOn(l -> l.startsWith("Job"))
        .containsExactly(
            "Job 1 : résultat 2",
            "Job 2 : résultat 4",
            "Job 3 : résultat 6",
            "Job 4 : résultat 8",
            "Job 5 : résultat 10");
  }

  @Test
  void goByExampleWorkerPoolsRunsThreeAtATime() throws Exception {
    Console.Output out = Console.run(PoolWorkerPools::main, "200ms");
    assertThat(out.lines()).hasSize(10);
    for (int j = 1; j <= 5; j++) {
      int job = j;
      String started =
          out.lines().stream()
              .filter(l -> l.matches("worker [1-3] started  job " + job))
              .findFirst()
              .orElseThrow();
      String finished =
          out.lines().stream()
              .filter(l -> l.matches("worker [1-3] finished job " + job))
              .findFirst()
              .orElseThrow();
      assertThat(out.lines().indexOf(started)).isLessThan(out.lines().indexOf(finished));
      assertThat(started.charAt(7))
          .as("the same worker starts and finishes job %d", job)
          .isEqualTo(finished.charAt(7));
    }
    assertThat(out.millis()).as("two rounds of 200ms, not five").isBetween(380L, 990L);
  }

  @Test
  void thePoolDemosAreRegistered() {
    assertThat(Demos.find("pool-person")).isPresent();
    assertThat(Demos.find("pool-person-timeout")).isPresent();
    assertThat(Demos.find("pool-person-cancel")).isPresent();
    assertThat(Demos.find("pool-person-retry")).isPresent();
    assertThat(Demos.find("pool-seed002")).isPresent();
    assertThat(Demos.find("pool-worker-pools")).isPresent();
  }
}

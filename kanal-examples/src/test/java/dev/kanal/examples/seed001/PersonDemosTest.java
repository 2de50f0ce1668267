package dev.kanal.examples.seed001;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.examples.DemoSubprocess;
import dev.kanal.examples.Demos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001's context versions of the person worker pool, each run as a program: the output
 * and how it ends (timeout in time, cancellation stops the rest, retries once, log.txt).
 */
class PersonDemosTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private static final Pattern DONE =
      Pattern.compile("Worker ([123]) : (Alice|Bob|Charlie|Dave|Eve|Frank) traité en (\\d+)ms");

  @Test
  void theyAreRegistered() {
    for (String name : List.of("person-timeout", "person-cancel", "person-retry")) {
      assertThat(Demos.find(name)).as(name).hasValueSatisfying(d -> assertThat(d.seed()).startsWith("001"));
    }
  }

  @Test
  void personTimeoutPrintsOnlyTheJobsDoneInTimeThenTheEndLine() {
    try (DemoSubprocess demo = DemoSubprocess.start(PersonTimeout.class)) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();

      List<String> out = demo.stdout();
      assertThat(out).last().isEqualTo("✅ Fin du programme (timeout ou travail terminé)");
      assertEveryResultFitsInTheTimeout(out.subList(0, out.size() - 1), 1000);
      assertThat(demo.stderr()).isEmpty();
    }
  }

  @Test
  void personTimeoutStopsEveryWorkerWhenTheTimeoutCuts() {
    // Every job takes 200 to 500 ms: in 300 ms a worker finishes at most one.
    try (DemoSubprocess demo = DemoSubprocess.start(PersonTimeout.class, "300ms")) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();

      List<String> out = demo.stdout();
      assertThat(out).last().isEqualTo("✅ Fin du programme (timeout ou travail terminé)");
      assertThat(out.size() - 1).isLessThanOrEqualTo(3);
      assertEveryResultFitsInTheTimeout(out.subList(0, out.size() - 1), 300);
    }
  }

  @Test
  void personTimeoutRejectsABadTimeout() {
    try (DemoSubprocess demo = DemoSubprocess.start(PersonTimeout.class, "soon")) {
      assertThat(demo.awaitExit(GENEROUS)).isEqualTo(64);
      assertThat(demo.stderr())
          .containsExactly("person-timeout: TIMEOUT must be a duration such as 3s or 250ms, got 'soon'");
    }
  }

  /** A worker does its jobs one after another, so what it reports must fit in the timeout. */
  private static void assertEveryResultFitsInTheTimeout(List<String> results, int timeoutMillis) {
    Map<String, Integer> busyPerWorker = new HashMap<>();
    Set<String> persons = new java.util.HashSet<>();
    for (String line : results) {
      Matcher m = DONE.matcher(line);
      assertThat(m.matches()).as("result line '%s'", line).isTrue();
      assertThat(persons.add(m.group(2))).as("%s reported once", m.group(2)).isTrue();
      busyPerWorker.merge(m.group(1), Integer.parseInt(m.group(3)), Integer::sum);
    }
    assertThat(busyPerWorker.values()).allMatch(ms -> ms <= timeoutMillis);
  }

  @Test
  void personCancelPrintsTheCriticalErrorThenTheEndLineAndNothingAfter() {
    try (DemoSubprocess demo = DemoSubprocess.start(PersonCancel.class)) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();

      List<String> out = demo.stdout();
      assertThat(out).hasSizeGreaterThanOrEqualTo(2);
      assertThat(out).last().isEqualTo("✅ Fin du traitement (annulé ou terminé)");
      assertThat(out.get(out.size() - 2))
          .matches("❌ Worker [123] : erreur critique avec (Charlie \\(âge 36\\)|Frank \\(âge 40\\))");
      for (String line : out.subList(0, out.size() - 2)) {
        assertThat(line).matches("✔️ Worker [123] : (Alice|Bob|Dave|Eve) traité en \\d+ms");
      }
      assertThat(out).filteredOn(l -> l.startsWith("❌")).hasSize(1);
      assertThat(demo.stderr()).isEmpty();
    }
  }

  @Test
  void personRetryRetriesEachFailureOnceAndLogsEverything(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("run.log");
    try (DemoSubprocess demo = DemoSubprocess.start(PersonRetry.class, log.toString())) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();

      List<String> out = demo.stdout();
      assertThat(out).last().isEqualTo("✅ Traitement terminé. Voir " + log + " pour les détails.");
      List<String> logged = Files.readAllLines(log, StandardCharsets.UTF_8);
      assertThat(logged).isEqualTo(out.subList(0, out.size() - 1)); // console and file agree
      assertRetriedOnce(logged);
      assertThat(demo.stderr()).isEmpty();
    }
  }

  @Test
  void personRetryWritesLogTxtInTheCurrentDirectoryLikeTheSeed(@TempDir Path dir) throws IOException {
    try (DemoSubprocess demo = DemoSubprocess.start(PersonRetry.class, dir, Map.of())) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();
      assertThat(demo.stdout()).last().isEqualTo("✅ Traitement terminé. Voir log.txt pour les détails.");
      assertRetriedOnce(Files.readAllLines(dir.resolve("log.txt"), StandardCharsets.UTF_8));
    }
  }

  @Test
  void personRetrySaysWhenTheLogCannotBeCreatedAndStillFinishes(@TempDir Path dir) {
    Path impossible = dir.resolve("no-such-dir").resolve("log.txt");
    try (DemoSubprocess demo = DemoSubprocess.start(PersonRetry.class, impossible.toString())) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();
      assertThat(demo.stdout()).first().asString().startsWith("Erreur ouverture fichier : ");
      assertRetriedOnce(demo.stdout().subList(1, demo.stdout().size() - 1));
    }
  }

  /** Alice, Bob, Eve and Frank succeed once; Charlie and Dave fail, are retried once, fail. */
  private static void assertRetriedOnce(List<String> logged) {
    assertThat(logged).hasSize(8);
    for (String ok : List.of("Alice", "Bob", "Eve", "Frank")) {
      assertThat(logged)
          .filteredOn(l -> l.matches("✔️ Worker [123] : " + ok + " traité en \\d+ms"))
          .hasSize(1);
    }
    assertThat(logged).filteredOn(l -> l.matches("❌ Worker [123] : échec sur Charlie \\(âge 36\\)")).hasSize(2);
    assertThat(logged).filteredOn(l -> l.matches("❌ Worker [123] : échec sur Dave \\(âge 40\\)")).hasSize(2);
  }
}

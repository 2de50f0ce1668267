package dev.kanal.examples.seed002;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.examples.DemoProcess;
import dev.kanal.examples.DemoProcess.Result;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs every seed-002 demo as its own program and checks what it prints and how it ends. */
class Seed002DemosTest {

  @BeforeAll
  static void launchAll() {
    Stream.of(
            GoroutineHello.class,
            ChannelHello.class,
            Count.class,
            BufferedInts.class,
            SelectFirst.class,
            SelectDefault.class,
            WorkerPool.class)
        .forEach(DemoProcess::start);
  }

  private static Result ranCleanly(Class<?> demo) {
    Result r = DemoProcess.run(demo);
    assertThat(r.exitCode()).as("%s: %s", demo.getSimpleName(), r).isZero();
    assertThat(r.err()).as("%s: stderr", demo.getSimpleName()).isEmpty();
    return r;
  }

  @Test
  void helloGoroutinePrintsBothLinesThanksToTheSleep() {
    assertThat(ranCleanly(GoroutineHello.class).lines())
        .containsExactlyInAnyOrder("Programme principal", "Bonjour !");
  }

  @Test
  void helloChannelReceivesTheGoroutinesMessage() {
    assertThat(ranCleanly(ChannelHello.class).lines())
        .containsExactly("Bonjour depuis la goroutine !");
  }

  @Test
  void countReadsThreeMessagesFromEachGoroutineInTheirOrder() {
    List<String> lines = ranCleanly(Count.class).lines();
    assertThat(lines).containsExactlyInAnyOrder("A: 1", "A: 2", "A: 3", "B: 1", "B: 2", "B: 3");
    assertThat(lines.stream().filter(l -> l.startsWith("A")).toList())
        .containsExactly("A: 1", "A: 2", "A: 3");
    assertThat(lines.stream().filter(l -> l.startsWith("B")).toList())
        .containsExactly("B: 1", "B: 2", "B: 3");
  }

  @Test
  void bufferedIntsComeOutInOrder() {
    assertThat(ranCleanly(BufferedInts.class).lines()).containsExactly("1", "2");
  }

  @Test
  void selectTakesTheFirstMessageOnly() {
    assertThat(ranCleanly(SelectFirst.class).lines()).containsExactly("Reçu : Message de ch1");
  }

  @Test
  void selectDefaultRunsOnlyWhenNothingWaits() {
    assertThat(ranCleanly(SelectDefault.class).lines())
        .containsExactly("Aucun message, on continue", "Message reçu : Salut");
  }

  @Test
  void workerPoolDoublesEveryJobOnceAndReturnsEachOnItsOwnChannel() {
    List<String> lines = ranCleanly(WorkerPool.class).lines();
    Pattern done = Pattern.compile("Worker ([0-2]) a traité job (\\d) : (\\d+) → (\\d+)");
    List<String> processed = lines.stream().filter(l -> l.startsWith("Worker")).toList();
    assertThat(processed).hasSize(5);
    for (int job = 1; job <= 5; job++) {
      int j = job;
      List<String> forJob =
          processed.stream().filter(l -> l.contains("job " + j + " :")).toList();
      assertThat(forJob).as("job %d processed once", job).hasSize(1);
      Matcher m = done.matcher(forJob.getFirst());
      assertThat(m.matches()).as(forJob.getFirst()).isTrue();
      assertThat(m.group(3)).isEqualTo(String.valueOf(job));
      assertThat(m.group(4)).isEqualTo(String.valueOf(2 * job));
      // The result is received after the worker sent it.
      assertThat(lines.indexOf("Job " + job + " : résultat " + 2 * job))
          .isGreaterThan(lines.indexOf(forJob.getFirst()));
    }
    assertThat(lines.stream().filter(l -> l.startsWith("Job")).toList())
        .containsExactly(
            "Job 1 : résultat 2",
            "Job 2 : résultat 4",
            "Job 3 : résultat 6",
            "Job 4 : résultat 8",
            "Job 5 : résultat 10");
  }
}

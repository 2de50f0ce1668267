package dev.kanal.examples.seed003;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.examples.DemoProcess;
import dev.kanal.examples.DemoProcess.Result;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the seed-003 demos as their own programs and checks what they print and how they end. */
class Seed003DemosTest {

  @BeforeAll
  static void launchAll() {
    DemoProcess.start(Goroutines.class);
    DemoProcess.start(WaitGroups.class);
  }

  private static Result ranCleanly(Class<?> demo) {
    Result r = DemoProcess.run(demo);
    assertThat(r.exitCode()).as("%s: %s", demo.getSimpleName(), r).isZero();
    assertThat(r.err()).as("%s: stderr", demo.getSimpleName()).isEmpty();
    return r;
  }

  @Test
  void goroutinesEachPrintThreeTimesBeforeMainEnds() {
    List<String> lines = ranCleanly(Goroutines.class).lines();
    assertThat(lines).hasSize(7).endsWith("Programme principal terminé");
    assertThat(lines).filteredOn("Goroutine 1"::equals).hasSize(3);
    assertThat(lines).filteredOn("Goroutine 2"::equals).hasSize(3);
  }

  @Test
  void waitGroupWaitsForEveryGoroutine() {
    List<String> lines = ranCleanly(WaitGroups.class).lines();
    assertThat(lines).hasSize(7).endsWith("Tous les travaux sont terminés");
    for (int id = 1; id <= 3; id++) {
      int start = lines.indexOf("Goroutine " + id + " démarre");
      int end = lines.indexOf("Goroutine " + id + " termine");
      assertThat(start).as("goroutine %d started", id).isNotNegative();
      assertThat(end).as("goroutine %d finished after it started", id).isGreaterThan(start);
    }
  }
}

package dev.kanal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry that {@code kanal demo} lists and runs. */
class DemosTest {

  @Test
  void namesAreUniqueShortKebabCase() {
    List<String> names = Demos.ALL.stream().map(Demo::name).toList();
    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*"));
  }

  @Test
  void everySeedStringStartsWithItsSeedNumberAndTheListKeepsSeedOrder() {
    List<String> seeds = Demos.ALL.stream().map(Demo::seed).toList();
    assertThat(seeds).allMatch(s -> s.matches("\\d{3} \\S.*"));
    assertThat(seeds.stream().map(s -> s.substring(0, 3)).toList()).isSorted();
  }

  @Test
  void theCoreSeedProgramsAreAllThere() {
    assertThat(Demos.ALL.stream().map(Demo::name))
        .contains(
            "worker-pools", "person-pool", "goroutines", "waitgroups", "channels", "select",
            "timeouts", "non-blocking", "closing-range", "timers", "tickers", "generator",
            "multiplexing", "future", "sieve", "shared-variable", "seed002-worker-pool");
  }

  @Test
  void findReturnsTheDemoByNameAndNothingForAnUnknownName() {
    assertThat(Demos.find("worker-pools").map(Demo::seed)).get().asString().startsWith("000");
    assertThat(Demos.find("no-such-demo")).isEmpty();
  }
}

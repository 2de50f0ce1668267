package dev.kanal.examples.seed001;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.examples.DemoProcess;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PersonPoolTest {
  private static final Pattern LINE =
      Pattern.compile("Worker ([1-3]) : (\\w+) \\((\\d+) ans\\) traité en (\\d+)ms");

  @BeforeAll
  static void launch() {
    DemoProcess.start(PersonPool.class);
  }

  @Test
  void everyPersonIsProcessedOnceByOneOfThreeWorkers() {
    DemoProcess.Result r = DemoProcess.run(PersonPool.class);

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.lines()).hasSize(6);
    Map<String, Integer> ages = new HashMap<>();
    for (String line : r.lines()) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("line '%s'", line).isTrue();
      assertThat(ages.put(m.group(2), Integer.parseInt(m.group(3))))
          .as("%s processed twice", m.group(2))
          .isNull();
      assertThat(Integer.parseInt(m.group(4)))
          .as("simulated work, 100 to 299 ms")
          .isBetween(100, 299);
    }
    assertThat(ages)
        .isEqualTo(
            Map.of("Alice", 30, "Bob", 25, "Charlie", 35, "Dave", 40, "Eve", 28, "Frank", 32));
  }
}

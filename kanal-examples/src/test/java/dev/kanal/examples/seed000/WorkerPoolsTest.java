package dev.kanal.examples.seed000;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.examples.DemoProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkerPoolsTest {
  private static final Pattern LINE = Pattern.compile("worker (\\d) (started |finished) job (\\d)");

  @BeforeAll
  static void launch() {
    DemoProcess.start(WorkerPools.class);
  }

  @Test
  void fiveJobsStartAndFinishOnceEachOnThreeWorkers() {
    DemoProcess.Result r = DemoProcess.run(WorkerPools.class);

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.lines();
    assertThat(lines).hasSize(10).allMatch(l -> LINE.matcher(l).matches());
    // The exact text of the Go program, two spaces after "started" included.
    assertThat(lines).filteredOn(l -> l.contains("started  job")).hasSize(5);
    assertThat(lines).filteredOn(l -> l.contains("finished job")).hasSize(5);

    Map<Integer, Integer> startedBy = new HashMap<>();
    Map<Integer, Integer> busyWith = new HashMap<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).isTrue();
      int worker = Integer.parseInt(m.group(1));
      int job = Integer.parseInt(m.group(3));
      assertThat(worker).isBetween(1, 3);
      assertThat(job).isBetween(1, 5);
      if (m.group(2).startsWith("started")) {
        assertThat(startedBy.put(job, worker)).as("job %d started twice", job).isNull();
        assertThat(busyWith.put(worker, job))
            .as("worker %d started job %d while busy", worker, job)
            .isNull();
      } else {
        assertThat(startedBy.get(job))
            .as("job %d finished by its own worker", job)
            .isEqualTo(worker);
        assertThat(busyWith.remove(worker))
            .as("worker %d finished job %d", worker, job)
            .isEqualTo(job);
      }
    }
    assertThat(startedBy.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    assertThat(busyWith).as("every started job finished").isEmpty();
    assertThat(startedBy.values())
        .as("three workers share the jobs")
        .containsOnly(1, 2, 3)
        .contains(1, 2, 3);
  }

  @Test
  void threeWorkersDoFiveSecondsOfWorkInAboutTwo() {
    DemoProcess.Result r = DemoProcess.run(WorkerPools.class);

    // Measured from the first line to the exit, leaving out the JVM's start. Two rounds of
    // one-second jobs are the floor; one worker alone would take five seconds.
    Duration took = r.fromFirstLineToExit();
    assertThat(took).isGreaterThan(Duration.ofMillis(1500)).isLessThan(Duration.ofMillis(4500));
  }
}

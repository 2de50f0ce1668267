package dev.kanal.examples.seed004;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kanal.examples.DemoSubprocess;
import dev.kanal.examples.Demos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Seed 004's pattern programs, each run as a program: output, exit status, timing. */
class PatternDemosTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  @Test
  void theyAreRegistered() {
    for (String name : List.of("runner", "resource-pool", "work-pool", "dispatcher")) {
      assertThat(Demos.find(name)).as(name).hasValueSatisfying(d -> assertThat(d.seed()).startsWith("004"));
    }
  }

  // ------------------------------------------------------------------ runner

  @Test
  void runnerTimesOutLikeTheSeedAndExitsWith1() {
    try (DemoSubprocess demo = DemoSubprocess.start(RunnerDemo.class)) {
      assertThat(demo.awaitExit(GENEROUS)).isEqualTo(1);

      assertThat(demo.logged())
          .containsExactly(
              "Starting work.",
              "Processor - Task #0.",
              "Processor - Task #1.",
              "Processor - Task #2.",
              "Terminating due to timeout.");
      List<DemoSubprocess.Line> lines = demo.stderrLines();
      long ran = lines.getLast().nanos() - lines.getFirst().nanos();
      assertThat(TimeUnit.NANOSECONDS.toMillis(ran)).isBetween(2_900L, 20_000L); // the 3 s timeout
      assertThat(demo.stdout()).isEmpty();
    }
  }

  @Test
  void runnerEndsNormallyWhenTheTasksFitInTheTime() {
    try (DemoSubprocess demo = DemoSubprocess.start(RunnerDemo.class, "10s", "10ms")) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();
      assertThat(demo.logged()).last().isEqualTo("Process ended.");
    }
  }

  @Test
  void runnerStopsOnSigintAfterTheTaskInProgressAndExitsWith2() {
    // Task #1 sleeps 2 s and task #2 4 s, in a 60 s timeout: only the interrupt can stop it.
    try (DemoSubprocess demo = DemoSubprocess.start(RunnerDemo.class, "60s", "2s")) {
      demo.awaitStderr(l -> l.endsWith("Processor - Task #1."), GENEROUS);
      assumeThat(demo.ignoresSigint()).as("this JVM was started with SIGINT ignored").isFalse();

      demo.interrupt();

      assertThat(demo.awaitExit(GENEROUS)).isEqualTo(2);
      assertThat(demo.logged())
          .containsExactly(
              "Starting work.",
              "Processor - Task #0.",
              "Processor - Task #1.",
              "Terminating due to interrupt.");
    }
  }

  @Test
  void runnerRejectsABadArgument() {
    try (DemoSubprocess demo = DemoSubprocess.start(RunnerDemo.class, "3s", "1 second")) {
      assertThat(demo.awaitExit(GENEROUS)).isEqualTo(64);
      assertThat(demo.stderr())
          .containsExactly("runner: UNIT must be a duration such as 3s or 250ms, got '1 second'");
    }
  }

  // ------------------------------------------------------------------ resource pool

  @Test
  void resourcePoolRunsTwentyFiveQueriesAndClosesEveryConnectionOnce() {
    try (DemoSubprocess demo = DemoSubprocess.start(ResourcePoolDemo.class)) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();

      List<String> log = demo.logged();
      Set<Integer> created = new HashSet<>(ints(log, "Create: New Connection (\\d+)"));
      List<Integer> closed = ints(log, "Close: Connection (\\d+)");
      List<Integer> queries = ints(log, "Query: QID\\[(\\d+)\\] CID\\[\\d+\\]");
      List<Integer> usedConnections = ints(log, "Query: QID\\[\\d+\\] CID\\[(\\d+)\\]");

      assertThat(queries).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 25).boxed().toList());
      assertThat(created).containsAll(usedConnections);
      assertThat(closed).containsExactlyInAnyOrderElementsOf(created); // each exactly once
      assertThat(count(log, "Acquire: New Resource")).isEqualTo(created.size());
      assertThat(count(log, "Acquire: New Resource") + count(log, "Acquire: Shared Resource")).isEqualTo(25);
      assertThat(count(log, "Release: In Queue") + count(log, "Release: Closing")).isEqualTo(25);
      int shutdown = log.indexOf("Shutdown Program.");
      assertThat(shutdown).isGreaterThan(0);
      List<String> after = log.subList(shutdown + 1, log.size());
      assertThat(after).allMatch(l -> l.matches("Close: Connection \\d+")).hasSizeBetween(1, 2);
      assertThat(demo.stdout()).isEmpty();
    }
  }

  // ------------------------------------------------------------------ work pool

  @Test
  void workPoolPrintsEveryNameWithTwoGoroutines() {
    Duration pause = Duration.ofMillis(300);
    try (DemoSubprocess demo = DemoSubprocess.start(WorkPoolDemo.class, "2", "300ms")) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();

      List<String> names = demo.logged();
      Map<String, Integer> times = new HashMap<>();
      names.forEach(n -> times.merge(n, 1, Integer::sum));
      assertThat(times)
          .isEqualTo(Map.of("steve", 2, "bob", 2, "mary", 2, "therese", 2, "jason", 2));
      // Two at a time: the last two names start 4 pauses after the first two.
      List<DemoSubprocess.Line> lines = demo.stderrLines();
      long spread = lines.getLast().nanos() - lines.getFirst().nanos();
      assertThat(TimeUnit.NANOSECONDS.toMillis(spread))
          .isGreaterThanOrEqualTo(pause.multipliedBy(4).toMillis() - 100);
    }
  }

  @Test
  void workPoolRejectsABadArgument() {
    try (DemoSubprocess demo = DemoSubprocess.start(WorkPoolDemo.class, "0")) {
      assertThat(demo.awaitExit(GENEROUS)).isEqualTo(64);
      assertThat(demo.stderr()).containsExactly("work-pool: ROUNDS must be a whole number of at least 1, got '0'");
    }
  }

  // ------------------------------------------------------------------ dispatcher

  @Test
  void dispatcherHandsEveryJobToAtMostMaxWorkers() {
    Map<String, String> env = Map.of("MAX_WORKERS", "3", "MAX_QUEUE", "2");
    try (DemoSubprocess demo = DemoSubprocess.start(DispatcherDemo.class, null, env, "20")) {
      assertThat(demo.awaitExit(GENEROUS)).isZero();

      List<String> log = demo.logged();
      assertThat(log).first().isEqualTo("Dispatcher: 3 workers, a queue of 2");
      assertThat(log).last().isEqualTo("All jobs done.");
      Pattern uploaded = Pattern.compile("(goroutine-\\d+): payload (\\d+) uploaded to S3");
      Set<String> workers = new HashSet<>();
      List<Integer> payloads = new ArrayList<>();
      for (String l : log) {
        Matcher m = uploaded.matcher(l);
        if (m.matches()) {
          workers.add(m.group(1));
          payloads.add(Integer.parseInt(m.group(2)));
        }
      }
      assertThat(payloads)
          .containsExactlyInAnyOrderElementsOf(
              IntStream.rangeClosed(1, 20).filter(i -> i % 10 != 7).boxed().toList());
      assertThat(workers).hasSizeBetween(1, 3);
      assertThat(log)
          .contains(
              "Error uploading to S3: S3 bucket unreachable for payload 7",
              "Error uploading to S3: S3 bucket unreachable for payload 17");
    }
  }

  @Test
  void dispatcherNamesABadEnvironmentVariable() {
    Map<String, String> env = Map.of("MAX_WORKERS", "lots");
    try (DemoSubprocess demo = DemoSubprocess.start(DispatcherDemo.class, null, env)) {
      assertThat(demo.awaitExit(GENEROUS)).isEqualTo(64);
      assertThat(demo.stderr())
          .containsExactly("dispatcher: MAX_WORKERS must be a whole number from 1 to 100000, got 'lots'");
    }
  }

  private static List<Integer> ints(List<String> lines, String regex) {
    Pattern p = Pattern.compile(regex);
    List<Integer> found = new ArrayList<>();
    for (String l : lines) {
      Matcher m = p.matcher(l);
      if (m.matches()) {
        found.add(Integer.parseInt(m.group(1)));
      }
    }
    return found;
  }

  private static long count(List<String> lines, String line) {
    return lines.stream().filter(line::equals).count();
  }
}

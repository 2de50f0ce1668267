package dev.kanal.cli.run;

import static dev.kanal.cli.run.KanalRun.lines;
import static dev.kanal.cli.run.KanalRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.cli.run.KanalRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log ({@code --log}), the job log ({@code --joblog}) and {@code --resume}, end to end.
 * Resuming after a kill by signal is in {@link RunProcessTest}; here a run is cut short by its
 * own {@code --timeout}, which leaves the same job log.
 */
class RunLogsTest {

  @TempDir Path dir;

  /** Each job appends its line to runs.txt: how many times each one ran. */
  private String counting(String then) {
    return "echo $1 >> " + dir.resolve("runs.txt") + "; " + then;
  }

  private Map<String, Long> runsPerJob() throws IOException {
    return Files.readAllLines(dir.resolve("runs.txt")).stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  @Test
  void theJobLogHasAHeaderAndOneTabSeparatedLinePerJob() throws IOException {
    Path joblog = dir.resolve("jobs.tsv");
    Instant before = Instant.now();
    Result r = run(lines("ok", "bad", "two words"), "-j", "1", "--joblog", joblog.toString(), "--", "sh", "-c",
        "[ \"$1\" != bad ]", "sh", "{}");

    assertThat(r.exit()).isEqualTo(ExitStatus.FAILED);
    List<String> lines = Files.readAllLines(joblog);
    assertThat(lines.getFirst()).isEqualTo("Seq\tStarttime\tJobRuntime\tAttempts\tExitval\tCommand");
    assertThat(lines).hasSize(4);
    for (String line : lines.subList(1, 4)) {
      String[] c = line.split("\t");
      assertThat(c).hasSize(6);
      double start = Double.parseDouble(c[1]);
      assertThat(start).isBetween(before.getEpochSecond() - 1.0, Instant.now().getEpochSecond() + 1.0);
      assertThat(Double.parseDouble(c[2])).isBetween(0.0, 30.0);
      assertThat(c[3]).isEqualTo("1");
    }
    assertThat(lines.subList(1, 4)).extracting(l -> l.split("\t")[0] + " " + l.split("\t")[4] + " " + l.split("\t")[5])
        .containsExactly(
            "1 0 sh -c '[ \"$1\" != bad ]' sh ok",
            "2 1 sh -c '[ \"$1\" != bad ]' sh bad",
            "3 0 sh -c '[ \"$1\" != bad ]' sh 'two words'");
  }

  @Test
  void theJobLogCountsAttemptsAndMarksKilledJobsMinusOne() throws IOException {
    Path joblog = dir.resolve("jobs.tsv");
    run(lines("a"), "--retries", "2", "--job-timeout", "300ms", "--joblog", joblog.toString(), "--", "sleep", "30", "{#}");

    String[] c = Files.readAllLines(joblog).get(1).split("\t");
    assertThat(c[0]).isEqualTo("1");
    assertThat(c[3]).isEqualTo("3");
    assertThat(c[4]).isEqualTo("-1");
    assertThat(Double.parseDouble(c[2])).isGreaterThanOrEqualTo(0.9); // three attempts of 300ms
  }

  @Test
  void aJobWhoseLineHoldsACarriageReturnKeepsTheLogOneLinePerEvent() throws IOException {
    Path log = dir.resolve("run.log");
    Result r = run("a\rb\n", "--log", log.toString(), "--", "true", "{}");

    assertThat(r.exit()).as(r.toString()).isZero();
    String text = Files.readString(log);
    assertThat(text).doesNotContain("\r");
    assertThat(text.lines().filter(l -> l.contains("a\\rb")).count())
        .as("the job's events, each on its own line with the \\r written out:\n%s", text)
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void tabsAndNewlinesInACommandKeepTheJobLogOneLinePerJob() throws IOException {
    Path joblog = dir.resolve("jobs.tsv");
    run(lines("a\tb"), "--joblog", joblog.toString(), "--", "sh", "-c", "true\ntrue", "sh", "{}");

    List<String> lines = Files.readAllLines(joblog);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1).split("\t")[5]).isEqualTo("sh -c 'true\\ntrue' sh 'a\\tb'");
  }

  @Test
  void resumeSkipsTheJobsThatSucceededAndRunsTheRest() throws IOException {
    Path joblog = dir.resolve("jobs.tsv");
    // First run: 1 and 2 succeed, 3 fails, 4 and 5 never start: the timeout stops the run during 3.
    String input = lines("1", "2", "3", "4", "5");
    Result first = run(input, "-j", "1", "--timeout", "1500ms", "--joblog", joblog.toString(), "--", "sh", "-c",
        counting("if [ $1 = 3 ]; then sleep 30; fi"), "sh", "{}");
    assertThat(first.exit()).as(first.toString()).isEqualTo(ExitStatus.TIMEOUT);
    assertThat(Files.readAllLines(joblog)).hasSize(4); // header, 1, 2, 3 (killed)

    Result second = run(input, "-j", "1", "--resume", "--joblog", joblog.toString(), "--", "sh", "-c",
        counting("echo did $1"), "sh", "{}");

    assertThat(second.exit()).as(second.toString()).isZero();
    assertThat(second.outLines()).containsExactly("did 3", "did 4", "did 5");
    assertThat(second.summary()).contains("3 succeeded").contains("2 skipped (succeeded before: --resume)");
    assertThat(runsPerJob()).containsExactlyInAnyOrderEntriesOf(Map.of("1", 1L, "2", 1L, "3", 2L, "4", 1L, "5", 1L));
    List<String> log = Files.readAllLines(joblog);
    assertThat(log).hasSize(7); // appended, one header only
    assertThat(log.stream().filter(l -> l.startsWith("Seq\t"))).hasSize(1);

    Result third = run(input, "--resume", "--joblog", joblog.toString(), "--", "sh", "-c", counting("true"), "sh", "{}");
    assertThat(third.exit()).isZero();
    assertThat(third.summary()).contains("0 succeeded").contains("5 skipped");
  }

  @Test
  void resumeIgnoresALastLineCutShort() throws IOException {
    Path joblog = dir.resolve("jobs.tsv");
    Files.writeString(joblog, "Seq\tStarttime\tJobRuntime\tAttempts\tExitval\tCommand\n"
        + "1\t1700000000.000\t0.010\t1\t0\techo 1\n"
        + "2\t1700000000.000\t0.0");
    Result r = run(lines("1", "2"), "--resume", "--joblog", joblog.toString(), "--", "echo");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("2\n");
    List<String> log = Files.readAllLines(joblog);
    assertThat(log).hasSize(4);
    assertThat(log.get(2)).isEqualTo("2\t1700000000.000\t0.0"); // ended, so the next line is whole
    assertThat(log.get(3)).startsWith("2\t").endsWith("\t0\techo 2");

    Result again = run(lines("1", "2"), "--resume", "--joblog", joblog.toString(), "--", "echo");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).isEmpty();
  }

  @Test
  void resumeRefusesAJobLogLineWhoseNumbersAreNotNumbers() throws IOException {
    Path joblog = Files.writeString(dir.resolve("jobs.tsv"), "Seq\tStarttime\tJobRuntime\tAttempts\tExitval\tCommand\n"
        + "one\t1700000000.000\t0.010\t1\t0\techo 1\n");
    Result r = run(lines("1"), "--resume", "--joblog", joblog.toString(), "--", "echo");

    assertThat(r.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).isEqualTo("kanal run: " + joblog + ":2: not a job log line: Seq and Exitval (columns 1 and 5)"
        + " must be numbers\n");
  }

  @Test
  void resumeRefusesALineThatIsNeitherWholeNorCutShort() throws IOException {
    Path joblog = Files.writeString(dir.resolve("jobs.tsv"), "Seq\tStarttime\tJobRuntime\tAttempts\tExitval\tCommand\n"
        + "1\t1700000000.000\t0.010\t1\t0\techo 1\n"
        + "2\t1700000000.0\n" // cut short by a kill, ended by the resume after it: fine
        + "someone's notes\n"
        + "3\t1700000000.000\t0.010\t1\t0\techo 3\n");
    Result r = run(lines("1", "2", "3"), "--resume", "--joblog", joblog.toString(), "--", "echo");

    assertThat(r.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).isEqualTo("kanal run: " + joblog + ":4: not a job log line: expected 6 tab-separated"
        + " columns (Seq Starttime JobRuntime Attempts Exitval Command)\n");
  }

  @Test
  void resumeRefusesAFileThatIsNotAJobLog() throws IOException {
    Path notALog = Files.writeString(dir.resolve("notes.txt"), "hello\n");
    Result r = run(lines("1"), "--resume", "--joblog", notALog.toString(), "--", "echo");

    assertThat(r.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).isEqualTo("kanal run: " + notALog + " is not a kanal job log: its first line should be the"
        + " header Seq Starttime JobRuntime Attempts Exitval Command\n");
  }

  @Test
  void theLogHasEveryStartResultAndErrorWithTheJobsOutput() throws IOException {
    Path log = dir.resolve("log.txt");
    Result r = run(lines("Alice", "Charlie"), "-j", "1", "--retries", "1", "--log", log.toString(), "--", "sh", "-c",
        "if [ $1 = Charlie ] && [ $KANAL_ATTEMPT = 1 ]; then echo \"échec sur $1\" >&2; exit 1; fi;"
            + " echo \"$1 traité\"", "person", "{}");

    assertThat(r.exit()).isZero();
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"));
    List<String> text = lines.stream().map(l -> l.substring(24)).toList();
    assertThat(text).contains(
        "+ worker 1 started",
        "  job 1 stdout: Alice traité",
        "  job 2 stderr: échec sur Charlie",
        "  job 2 stdout: Charlie traité");
    assertThat(text).anyMatch(l -> l.startsWith("▶ job 1 (Alice) started on worker 1: sh -c ") && l.endsWith(" person Alice"));
    assertThat(text).anyMatch(l -> l.matches("✔️ job 1 \\(Alice\\) succeeded on worker 1 in \\d+ms"));
    assertThat(text).contains("↻ job 2 (Charlie) failed with exit code 1 on worker 1 (attempt 1 of 2), retrying in 0ms");
    assertThat(text).anyMatch(l -> l.startsWith("▶ job 2 (Charlie) started on worker 1 (attempt 2 of 2): sh -c "));
    assertThat(text).anyMatch(l -> l.matches("✔️ job 2 \\(Charlie\\) succeeded on worker 1 in \\d+ms \\(attempt 2\\)"));
    assertThat(text.getLast()).startsWith("■ 2 succeeded, 0 failed, 0 timed out, 0 cancelled, 1 retry; wall time ");
  }

  @Test
  void theLogSplitsAJobsOutputIntoLinesAsStringLinesDoes() throws IOException {
    // Lines of every length up to twice the log's read buffer, ended by \n, \r or \r\n (which
    // may fall across two reads), some empty, the last one without an end, and some UTF-8.
    Random random = new Random(42);
    String[] ends = {"\n", "\r", "\r\n"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      sb.append("é".repeat(random.nextInt(3))).append("x".repeat(random.nextInt(i % 50 == 0 ? 20_000 : 80)));
      sb.append(ends[random.nextInt(3)]);
    }
    sb.append("last, unended");
    Path output = Files.writeString(dir.resolve("output.txt"), sb.toString());
    Path log = dir.resolve("log.txt");

    Result r = run(lines(output.toString()), "--log", log.toString(), "--", "cat", "{}");

    assertThat(r.exit()).isZero();
    String prefix = "  job 1 stdout: ";
    List<String> logged = Files.readAllLines(log).stream()
        .map(l -> l.substring(24))
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .toList();
    assertThat(logged).isEqualTo(sb.toString().lines().toList());
  }

  @Test
  void theLogTellsFailuresAndTimeouts() throws IOException {
    Path log = dir.resolve("log.txt");
    run(lines("echo oops >&2; exit 2", "echo slow; sleep 30"), "-j", "1", "--job-timeout", "300ms", "--log", log.toString());

    List<String> text = Files.readAllLines(log).stream().map(l -> l.substring(24)).toList();
    assertThat(text).containsSubsequence(
        "❌ job 1 (echo oops >&2; exit 2) failed with exit code 2 on worker 1",
        "  job 1 stderr: oops",
        "⏱ job 2 (echo slow; sleep 30) timed out after 300ms on worker 1 (killed)",
        "  job 2 stdout: slow");
  }

  @Test
  void theLogTellsWhyTheRunStoppedAndWhatWasCancelled() throws IOException {
    Path log = dir.resolve("log.txt");
    run(lines("sleep 30", "sleep 30"), "-j", "1", "--timeout", "500ms", "--log", log.toString());

    List<String> text = Files.readAllLines(log).stream().map(l -> l.substring(24)).toList();
    assertThat(text).contains(
        "■ stopping the run: the run's --timeout passed",
        "⊘ job 1 (sleep 30) cancelled while running (killed): the run's --timeout passed",
        "⊘ job 2 (sleep 30) cancelled before it started: the run's --timeout passed");
    assertThat(text.getLast()).isEqualTo("■ stopped: the run's --timeout of 500ms passed: running jobs were killed");
  }

  @Test
  void anUnwritableLogIsAUsageErrorBeforeAnyJobRuns() {
    Path log = dir.resolve("no/such/dir/log.txt");
    Result r = run(lines("echo hi"), "--log", log.toString());

    assertThat(r.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).isEqualTo("kanal run: cannot open the log " + log + ": no such file or directory\n");
    assertThat(r.out()).isEmpty();
  }
}

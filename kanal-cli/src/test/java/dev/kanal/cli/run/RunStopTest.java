package dev.kanal.cli.run;

import static dev.kanal.cli.run.KanalRun.lines;
import static dev.kanal.cli.run.KanalRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.cli.run.KanalRun.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries, time limits and fail-fast, end to end: jobs that fail then succeed, jobs that hang
 * (their whole process tree must die), a run that outlives its timeout, and failures that stop
 * everything. Hanging jobs sleep 30s; every test ends in a few seconds, so a kill that does not
 * happen shows as a slow test, and the assertions on wall time catch it.
 */
class RunStopTest {
  private static final Duration QUICK = Duration.ofSeconds(15);

  @TempDir Path dir;

  /** A job that fails on its first attempt and succeeds after: it leaves a marker file. */
  private String failsOnce() {
    return "if [ -e " + dir + "/m-$1 ]; then echo \"ok $1\"; else touch " + dir + "/m-$1; echo \"fail $1\" >&2; exit 1; fi";
  }

  @Test
  void aJobThatFailsOnceSucceedsOnItsRetry() {
    Result r = run(lines("a", "b"), "-j", "2", "--retries", "1", "--", "sh", "-c", failsOnce(), "sh", "{}");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.outLines()).containsExactlyInAnyOrder("ok a", "ok b");
    assertThat(r.summary()).contains("2 succeeded, 0 failed, 0 timed out, 0 cancelled, 2 retries");
    // The failed attempt's output is not printed: only the last attempt's is.
    assertThat(r.err()).doesNotContain("fail a");
  }

  @Test
  void aJobThatKeepsFailingGetsRetriesPlusOneAttemptsThenFails() {
    Result r = run(lines("x"), "--retries", "2", "--", "sh", "-c", "echo attempt $KANAL_ATTEMPT >&2; exit 5");

    assertThat(r.exit()).isEqualTo(ExitStatus.FAILED);
    assertThat(r.err()).contains("attempt 3").doesNotContain("attempt 4")
        .contains("kanal run: job 1 (x) failed with exit code 5 after 3 attempts\n");
    assertThat(r.summary()).contains("0 succeeded, 1 failed, 0 timed out, 0 cancelled, 2 retries");
  }

  @Test
  void backoffDoublesBetweenRetriesWithinItsJitter() throws IOException {
    Path log = dir.resolve("run.log");
    Result r = run(lines("x"), "--retries", "2", "--backoff", "200ms", "--log", log.toString(), "--", "false");

    assertThat(r.exit()).isEqualTo(ExitStatus.FAILED);
    List<Long> delays = Files.readAllLines(log).stream()
        .filter(l -> l.contains("retrying in "))
        .map(l -> Long.parseLong(l.replaceAll(".*retrying in (\\d+)ms.*", "$1")))
        .toList();
    assertThat(delays).hasSize(2);
    assertThat(delays.get(0)).isBetween(160L, 240L); // 200ms ± 20%
    assertThat(delays.get(1)).isBetween(320L, 480L); // 400ms ± 20%
  }

  @Test
  void aJobTimeoutKillsTheJobsWholeProcessTree() throws IOException {
    Path pid = dir.resolve("child.pid");
    Result r = run(lines("x"), "--job-timeout", "500ms", "--", "sh", "-c",
        "sleep 30 & echo $! > " + pid + "; echo started; wait");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.FAILED);
    assertThat(r.took()).isLessThan(QUICK);
    assertThat(r.summary()).contains("0 succeeded, 0 failed, 1 timed out");
    assertThat(r.err()).contains("kanal run: job 1 (x) timed out after 500ms and was killed\n");
    assertThat(r.out()).isEqualTo("started\n"); // what it printed before it was killed
    long child = Long.parseLong(Files.readString(pid).strip());
    await().atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
  }

  @Test
  void aTimedOutJobIsRetried() {
    Result r = run(lines("x"), "--job-timeout", "300ms", "--retries", "1", "--", "sh", "-c",
        "if [ $KANAL_ATTEMPT = 1 ]; then sleep 30; fi; echo done on attempt $KANAL_ATTEMPT");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("done on attempt 2\n");
    assertThat(r.took()).isLessThan(QUICK);
  }

  @Test
  void theGlobalTimeoutKillsTheRunningJobsCancelsTheOthersAndExits3() {
    Result r = run(lines("1", "2", "3", "4", "5"), "-j", "2", "--timeout", "700ms", "--", "sleep", "30");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.TIMEOUT);
    assertThat(r.took()).isLessThan(QUICK);
    assertThat(r.summary()).contains("0 succeeded, 0 failed, 0 timed out, 5 cancelled");
    assertThat(r.err()).contains("kanal run: job 1 (1) was killed").contains("kanal run: job 2 (2) was killed")
        .contains("stopped: the run's --timeout of 700ms passed");
  }

  @Test
  @Timeout(60) // the bug this guards against was a hang: closing stdin while the feeder reads it
  void theGlobalTimeoutEndsARunWhoseInputNeverEnds() throws IOException {
    // Standard input that stays open and silent after one line, as `tail -f log | kanal run`.
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(writer);
    writer.write("echo first\n".getBytes(StandardCharsets.UTF_8));
    writer.flush();
    Result r = KanalRun.run(stdin, new ByteArrayOutputStream(), "-j", "1", "--timeout", "700ms");
    writer.close(); // lets the feeder, still waiting for a line, finish

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.TIMEOUT);
    assertThat(r.out()).isEqualTo("first\n");
    assertThat(r.took()).isLessThan(QUICK);
    assertThat(r.summary()).contains("1 succeeded");
  }

  @Test
  void failFastStopsEverythingAtTheFirstFailureAndExits4() {
    Result r = run(lines("exit 7", "sleep 30", "sleep 30", "sleep 30"), "-j", "2", "--fail-fast");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.FAIL_FAST);
    assertThat(r.took()).isLessThan(QUICK);
    assertThat(r.summary()).contains("0 succeeded, 1 failed, 0 timed out, 3 cancelled");
    assertThat(r.err()).contains("stopped: job 1 (exit 7) failed with exit code 7: the other jobs were cancelled");
  }

  @Test
  void failFastWaitsForTheRetriesOfAJob() {
    Result r = run(lines("a"), "--fail-fast", "--retries", "1", "--", "sh", "-c", failsOnce(), "sh", "{}");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("ok a\n");
  }

  @Test
  void failFastCountsATimedOutJobAsFailed() {
    Result r = run(lines("sleep 30", "sleep 30", "sleep 30"), "-j", "1", "--fail-fast", "--job-timeout", "300ms");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.FAIL_FAST);
    assertThat(r.took()).isLessThan(QUICK);
    assertThat(r.summary()).contains("1 timed out, 2 cancelled");
  }

  @Test
  void aCriticalExitCodeStopsTheRunAtOnceWithoutRetryWhileOtherFailuresAreRetried() throws IOException {
    Path log = dir.resolve("run.log");
    // Job 1 fails with a plain error (retried); job 2 fails with the critical code after job 1's first failure.
    Result r = run(lines("1", "3"), "-j", "1", "--retries", "2", "--critical-exit-codes", "3,4",
        "--log", log.toString(), "--", "sh", "-c", "echo try $KANAL_ATTEMPT >&2; exit $1", "sh", "{}");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.FAIL_FAST);
    assertThat(r.err()).contains("kanal run: job 2 (3) failed with exit code 3\n")
        .contains("stopped: job 2 (3) failed with critical exit code 3");
    String text = Files.readString(log);
    assertThat(text).contains("↻ job 1 (1) failed with exit code 1").contains("(critical: stopping the run)")
        .doesNotContain("↻ job 2");
  }

  @Test
  void withCriticalExitCodesOtherFailuresDoNotStopTheRun() {
    Result r = run(lines("exit 1", "exit 0", "exit 2"), "-j", "1", "--fail-fast", "--critical-exit-codes", "3");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.FAILED);
    assertThat(r.summary()).contains("1 succeeded, 2 failed, 0 timed out, 0 cancelled");
  }
  @Test
  void jobsTheTimeoutLeftUnreadOrUnsubmittedCountAsCancelled() throws IOException {
    // 40 jobs, 1 worker: most are still in the file, not in the pool's queue, at the timeout.
    Path input = Files.writeString(dir.resolve("in.txt"),
        lines(java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(String::valueOf).toArray(String[]::new)));
    Result r = run("", "-j", "1", "--timeout", "700ms", "--input", input.toString(), "--", "sleep", "30");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.TIMEOUT);
    assertThat(r.summary()).contains("0 succeeded, 0 failed, 0 timed out, 40 cancelled");
    assertThat(r.err()).doesNotContain("not read further");
  }

  @Test
  void withResumeTheSummaryCountsEverySkippedJobEvenPastAStop() throws IOException {
    // Jobs 21 to 40 succeeded before; the timeout stops the run while job 1 runs, long before
    // the feeder reaches them.
    StringBuilder log = new StringBuilder("Seq\tStarttime\tJobRuntime\tAttempts\tExitval\tCommand\n");
    for (int n = 21; n <= 40; n++) {
      log.append(n).append("\t1700000000.000\t0.010\t1\t0\tsleep 30\n");
    }
    Path joblog = Files.writeString(dir.resolve("jobs.tsv"), log);
    Path input = Files.writeString(dir.resolve("in.txt"),
        lines(java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(String::valueOf).toArray(String[]::new)));
    Result r = run("", "-j", "1", "--timeout", "700ms", "--resume", "--joblog", joblog.toString(), "--input",
        input.toString(), "--", "sleep", "30");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.TIMEOUT);
    assertThat(r.summary()).contains("0 succeeded, 0 failed, 0 timed out, 20 cancelled, 0 retries, 20 skipped");
  }

  @Test
  void aTimeoutBeforeAnyJobStartedStillExits3() {
    // The deadline can pass before the feeder submits anything: the pool ends with no job, and
    // the run must still say it timed out (it used to exit 0 now and then).
    for (int i = 0; i < 10; i++) {
      Result r = run(lines("a", "b"), "--timeout", "0.0001ms", "--", "echo", "{}");
      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.TIMEOUT);
      assertThat(r.err()).contains("stopped: the run's --timeout of 0.0001ms passed");
    }
  }

  @Test
  void withStandardInputTheSummarySaysTheRestWasNotRead() {
    String[] many = java.util.stream.IntStream.rangeClosed(1, 200).mapToObj(String::valueOf).toArray(String[]::new);
    Result r = run(lines(many), "-j", "1", "--timeout", "700ms", "--", "sleep", "30");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.TIMEOUT);
    assertThat(r.err()).contains("kanal run: the input was not read further: any lines left in it did not run");
  }

  @Test
  void aJobWaitingForItsRetryWhenTheRunStopsCountsAsFailedNotCancelled() throws IOException {
    // Job 1 fails and waits 30s for its retry; job 2 then exits with a critical code.
    Path log = dir.resolve("run.log");
    Result r = run(lines("1", "7"), "-j", "1", "--retries", "1", "--backoff", "30s", "--critical-exit-codes", "7",
        "--log", log.toString(), "--", "sh", "-c", "exit $1", "sh", "{}");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.FAIL_FAST);
    assertThat(r.took()).isLessThan(QUICK);
    assertThat(r.summary()).as("the retry called off is not counted")
        .contains("0 succeeded, 2 failed, 0 timed out, 0 cancelled, 0 retries");
    assertThat(r.err()).contains("kanal run: job 1 (1) failed with exit code 1 and was not retried (the run stopped)\n");
    // The log words it as the summary counts it.
    assertThat(Files.readString(log)).contains("⊘ job 1 (1) not retried: job 2 (7) failed with exit code 7\n");
  }
}

package dev.kanal.cli.run;

import static dev.kanal.cli.run.KanalRun.lines;
import static dev.kanal.cli.run.KanalRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.cli.run.KanalRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kanal run} as a real process, sent real signals: Ctrl-C once (drain), twice (kill),
 * SIGTERM, and SIGKILL followed by {@code --resume}. Each job leaves {@code started-N} when it
 * starts, its pid in {@code pid-N}, and its number in {@code runs.txt} when it finishes, so the
 * test waits for real events (never for a guessed time) and counts what ran.
 */
class RunProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** A job: mark the start, write the pid, run {@code body}, record the end. */
  private String job(String body) {
    return "touch " + dir + "/started-$1; echo $$ > " + dir + "/pid-$1; " + body + "; echo $1 >> " + dir + "/runs.txt;"
        + " echo done $1";
  }

  private Path input(int n) throws IOException {
    return Files.writeString(dir.resolve("in.txt"), lines(Stream.iterate(1, i -> i + 1).limit(n).map(String::valueOf)
        .toArray(String[]::new)));
  }

  private KanalProcess kanal(String... args) throws IOException {
    return KanalProcess.start(dir, args);
  }

  private void awaitStarted(int... jobs) {
    await().atMost(WAIT).until(() -> {
      for (int j : jobs) {
        if (!Files.exists(dir.resolve("pid-" + j)) || Files.size(dir.resolve("pid-" + j)) == 0) {
          return false;
        }
      }
      return true;
    });
  }

  private boolean started(int job) {
    return Files.exists(dir.resolve("started-" + job));
  }

  private long pidOf(int job) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve("pid-" + job)).strip());
  }

  private void awaitDead(long pid) {
    await().atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
  }

  /**
   * Ctrl-C once, waits until kanal says it is draining, then lets the jobs held on {@code gate}
   * go on; returns when (System.nanoTime).
   */
  private long ctrlCThenOpen(KanalProcess k, Path gate) throws Exception {
    k.signal("INT");
    await().atMost(WAIT).until(() -> k.err().contains("interrupted: no new job will start"));
    Files.delete(gate);
    return System.nanoTime();
  }

  private Map<String, Long> runsPerJob() throws IOException {
    Path runs = dir.resolve("runs.txt");
    if (!Files.exists(runs)) {
      return Map.of();
    }
    return Files.readAllLines(runs).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  @Test
  void ctrlCOnceLetsTheRunningJobsFinishStartsNoOtherAndResumeDoesTheRest() throws Exception {
    Path joblog = dir.resolve("jobs.tsv");
    Path gate = Files.createFile(dir.resolve("gate"));
    // Jobs 1 and 2 hold until the gate file is removed, so they are surely running at the Ctrl-C.
    String body = "while [ -e " + gate + " ]; do sleep 0.05; done";
    try (KanalProcess k = kanal("run", "-j", "2", "--joblog", joblog.toString(), "--input", input(6).toString(), "--",
        "sh", "-c", job(body), "sh", "{}")) {
      awaitStarted(1, 2);
      ctrlCThenOpen(k, gate);

      assertThat(k.waitFor()).as(k.err()).isEqualTo(ExitStatus.INTERRUPTED);
      assertThat(k.out().lines()).containsExactlyInAnyOrder("done 1", "done 2");
      assertThat(k.err()).contains("kanal run: 2 succeeded, 0 failed, 0 timed out, 4 cancelled")
          .contains("stopped: interrupted (Ctrl-C): no new job started, the running ones finished");
    }
    assertThat(List.of(3, 4, 5, 6)).noneMatch(this::started);
    assertThat(Files.readAllLines(joblog)).hasSize(3);

    Result resumed = run("", "-j", "2", "--resume", "--joblog", joblog.toString(), "--input", dir.resolve("in.txt")
        .toString(), "--", "sh", "-c", job("true"), "sh", "{}");

    assertThat(resumed.exit()).as(resumed.toString()).isZero();
    assertThat(resumed.outLines()).containsExactlyInAnyOrder("done 3", "done 4", "done 5", "done 6");
    assertThat(runsPerJob()).containsExactlyInAnyOrderEntriesOf(
        Map.of("1", 1L, "2", 1L, "3", 1L, "4", 1L, "5", 1L, "6", 1L));
  }

  @Test
  void ctrlCTwiceKillsTheRunningJobsAndTheJobLogStillHasThem() throws Exception {
    Path joblog = dir.resolve("jobs.tsv");
    try (KanalProcess k = kanal("run", "-j", "2", "--joblog", joblog.toString(), "--input", input(4).toString(), "--",
        "sh", "-c", job("sleep 30"), "sh", "{}")) {
      awaitStarted(1, 2);
      k.signal("INT");
      await().atMost(WAIT).until(() -> k.err().contains("interrupted: no new job will start"));
      k.signal("INT");

      assertThat(k.waitFor()).as(k.err()).isEqualTo(ExitStatus.INTERRUPTED);
      assertThat(k.err()).contains("interrupted again: killing the running jobs")
          .contains("kanal run: 0 succeeded, 0 failed, 0 timed out, 4 cancelled")
          .contains("stopped: interrupted (Ctrl-C twice): running jobs were killed");
      awaitDead(pidOf(1));
      awaitDead(pidOf(2));
    }
    List<String> log = Files.readAllLines(joblog);
    assertThat(log).hasSize(3);
    assertThat(log.subList(1, 3)).allMatch(l -> l.split("\t")[4].equals("-1"));
    assertThat(List.of(3, 4)).noneMatch(this::started);
  }

  @Test
  void ctrlCOnceGivesUpAPendingRetryAtOnceInsteadOfWaitingOutItsBackoff() throws Exception {
    Path gate = Files.createFile(dir.resolve("gate"));
    // Job 1 fails and waits 60s for its retry; job 2 holds until the gate goes, so the Ctrl-C
    // comes while one job runs and one waits.
    String body = "if [ $1 = 1 ]; then exit 9; fi; while [ -e " + gate + " ]; do sleep 0.05; done";
    Path log = dir.resolve("run.log");
    try (KanalProcess k = kanal("run", "-j", "2", "--retries", "1", "--backoff", "60s", "--log", log.toString(),
        "--input", input(2).toString(), "--", "sh", "-c", job(body), "sh", "{}")) {
      awaitStarted(2);
      await().atMost(WAIT).until(() -> Files.exists(log) && Files.readString(log).contains("retrying in"));
      long t0 = ctrlCThenOpen(k, gate);

      assertThat(k.waitFor()).as(k.err()).isEqualTo(ExitStatus.INTERRUPTED);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
      assertThat(k.err()).contains("kanal run: job 1 (1) failed with exit code 9 and was not retried (interrupted)")
          .contains("kanal run: 1 succeeded, 1 failed, 0 timed out, 0 cancelled");
    }
    assertThat(runsPerJob()).containsExactlyInAnyOrderEntriesOf(Map.of("2", 1L));
  }

  @Test
  void aJobThatFailsAfterTheFirstCtrlCIsNotRetried() throws Exception {
    Path gate = Files.createFile(dir.resolve("gate"));
    // The job runs at the Ctrl-C and fails after it: its retry, 60s away, must not be waited for.
    String body = "while [ -e " + gate + " ]; do sleep 0.05; done; exit 9";
    try (KanalProcess k = kanal("run", "--retries", "1", "--backoff", "60s", "--input", input(1).toString(), "--",
        "sh", "-c", job(body), "sh", "{}")) {
      awaitStarted(1);
      long t0 = ctrlCThenOpen(k, gate);

      assertThat(k.waitFor()).as(k.err()).isEqualTo(ExitStatus.INTERRUPTED);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
      assertThat(k.err()).contains("kanal run: job 1 (1) failed with exit code 9\n")
          .contains("kanal run: 0 succeeded, 1 failed, 0 timed out, 0 cancelled, 0 retries");
    }
  }

  @Test
  void aTimedOutJobWaitingForItsRetryAtCtrlCCountsAsTimedOut() throws Exception {
    // The job times out and waits 60s for its retry when the Ctrl-C comes.
    Path log = dir.resolve("run.log");
    try (KanalProcess k = kanal("run", "--job-timeout", "300ms", "--retries", "1", "--backoff", "60s",
        "--log", log.toString(), "--input", input(1).toString(), "--", "sh", "-c", job("sleep 30"), "sh", "{}")) {
      await().atMost(WAIT).until(() -> Files.exists(log) && Files.readString(log).contains("retrying in"));
      k.signal("INT");
      long t0 = System.nanoTime();

      assertThat(k.waitFor()).as(k.err()).isEqualTo(ExitStatus.INTERRUPTED);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
      assertThat(k.err()).contains("kanal run: job 1 (1) timed out after 300ms (killed) and was not retried"
          + " (interrupted)\n").contains("kanal run: 0 succeeded, 0 failed, 1 timed out, 0 cancelled");
    }
  }

  @Test
  void sigtermKillsTheJobsWithKanal() throws Exception {
    try (KanalProcess k = kanal("run", "-j", "1", "--input", input(1).toString(), "--", "sh", "-c", job("sleep 30"),
        "sh", "{}")) {
      awaitStarted(1);
      k.signal("TERM");

      assertThat(k.waitFor()).isEqualTo(128 + 15);
      awaitDead(pidOf(1));
    }
  }

  @Test
  void sigtermDeletesTheFilesHoldingTheJobsOutput() throws Exception {
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path spilled = dir.resolve("spilled");
    // 600 KB of output past a budget of 64 KiB: the job sees its spill directory, then waits.
    String body = "seq 1 100000; ls -d " + tmp + "/kanal-run-* > " + spilled + "; sleep 30";
    try (KanalProcess k = KanalProcess.start(dir, List.of("-Djava.io.tmpdir=" + tmp, "-Dkanal.run.capture-memory=64k"),
        "run", "--input", input(1).toString(), "--", "sh", "-c", job(body), "sh", "{}")) {
      await().atMost(WAIT).until(() -> Files.exists(spilled) && Files.size(spilled) > 0);
      assertThat(tmp).isNotEmptyDirectory();
      k.signal("TERM");

      assertThat(k.waitFor()).isEqualTo(128 + 15);
      awaitDead(pidOf(1));
    }
    assertThat(tmp).isEmptyDirectory();
  }

  @Test
  void afterKanalIsKilledResumeRunsOnlyWhatHadNotSucceeded() throws Exception {
    Path joblog = dir.resolve("jobs.tsv");
    Path hang = Files.createFile(dir.resolve("hang"));
    // Job 3 hangs while the file "hang" exists: kanal is killed while it runs.
    String body = "if [ $1 = 3 ] && [ -e " + hang + " ]; then sleep 30; fi";
    try (KanalProcess k = kanal("run", "-j", "1", "--joblog", joblog.toString(), "--input", input(5).toString(), "--",
        "sh", "-c", job(body), "sh", "{}")) {
      awaitStarted(3);
      // A job's line is written when kanal has its outcome, a moment after the job ended: the
      // test waits for jobs 1 and 2 to be logged (a kill before that would rerun them, rightly).
      await().atMost(WAIT).until(() -> Files.readAllLines(joblog).size() == 3);
      k.signal("KILL");
      k.waitFor();
      // Nothing could clean up after a SIGKILL: the job's sh is orphaned. End it (and its sleep).
      long sh = pidOf(3);
      ProcessHandle.of(sh).ifPresent(h -> {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
      });
    }
    assertThat(Files.readAllLines(joblog)).hasSize(3); // header, 1, 2: job 3 never ended
    Files.delete(hang);

    Result resumed = run("", "-j", "1", "--resume", "--joblog", joblog.toString(), "--input", dir.resolve("in.txt")
        .toString(), "--", "sh", "-c", job(body), "sh", "{}");

    assertThat(resumed.exit()).as(resumed.toString()).isZero();
    assertThat(resumed.outLines()).containsExactly("done 3", "done 4", "done 5");
    assertThat(runsPerJob()).containsExactlyInAnyOrderEntriesOf(Map.of("1", 1L, "2", 1L, "3", 1L, "4", 1L, "5", 1L));
  }
}

package dev.kanal.cli.run;

import static dev.kanal.cli.run.KanalRun.lines;
import static dev.kanal.cli.run.KanalRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.cli.KanalCli;
import dev.kanal.cli.run.KanalRun.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kanal run} end to end, in this JVM: the command line, templating without a shell,
 * whole and ordered output, the summary and the exit statuses. Real processes run every job.
 */
class RunCommandTest {

  @TempDir Path dir;

  @Test
  void eachLineIsOneArgumentAndNeverShellCode() throws IOException {
    Path victim = Files.writeString(dir.resolve("x"), "still here");
    String evil = "a; rm -rf " + victim;
    Result r = run(lines(evil, "$(rm " + victim + ")", "b c"), "-j", "2", "--", "sh", "-c", "echo \"$#:$1\"", "sh", "{}");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.outLines()).containsExactlyInAnyOrder("1:" + evil, "1:$(rm " + victim + ")", "1:b c");
    assertThat(victim).exists().hasContent("still here");
  }

  @Test
  void anArgumentThatStartsWithAnAtSignReachesTheCommandAsItIs() throws IOException {
    // picocli would read @FILE as more arguments, and turn @@x into @x: kanal has no such files.
    Path body = Files.writeString(dir.resolve("body.json"), "not arguments");
    String at = "@" + body;
    // "-j", "1" is read without picocli, "-j1" through it: both must keep the arguments.
    for (String[] workers : List.of(new String[] {"-j", "1"}, new String[] {"-j1"})) {
      List<String> args = new ArrayList<>(List.of(workers));
      args.addAll(List.of("--", "printf", "<%s>\\n", at, "@@x", "{}"));
      Result r = run(lines("@line"), args.toArray(String[]::new));

      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.outLines()).containsExactly("<" + at + ">", "<@@x>", "<@line>");
    }
  }

  @Test
  void aLoneCarriageReturnStaysInItsLineAndCrLfEndsOne() {
    Result r = run("a\rb\nc\r\nd", "-k", "-j", "2", "--", "printf", "%s:%s|\\n", "{#}", "{}");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("1:a\rb|\n2:c|\n3:d|\n");
  }

  @Test
  void bracesInsideAnArgumentAndTheJobNumberAreReplaced() {
    Result r = run(lines("a", "b"), "-j", "1", "--", "echo", "file-{}.txt", "#{#}");

    assertThat(r.outLines()).containsExactly("file-a.txt #1", "file-b.txt #2");
  }

  @Test
  void withoutPlaceholderTheLineIsTheLastArgument() {
    Result r = run(lines("one", "two words"), "-j", "1", "--", "printf", "<%s>\\n");

    assertThat(r.outLines()).containsExactly("<one>", "<two words>");
  }

  @Test
  void withoutCommandEachLineRunsInAShell() {
    Result r = run(lines("echo $((6 * 7))", "echo a | tr a b"), "-j", "1");

    assertThat(r.exit()).isZero();
    assertThat(r.outLines()).containsExactly("42", "b");
  }

  @Test
  void theCommandNeedsNoDoubleDashEvenWithOptionsOfItsOwn() {
    Result r = run(lines("x"), "-j", "1", "printf", "-%s-\\n");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.outLines()).containsExactly("-x-");
  }

  @Test
  void eachJobsOutputIsPrintedWholeNeverInterleaved() {
    int jobs = 8;
    int linesEach = 300;
    String[] input = IntStream.rangeClosed(1, jobs).mapToObj(i -> "j" + i).toArray(String[]::new);
    Result r = run(lines(input), "-j", "4", "--", "sh", "-c",
        "i=0; while [ $i -lt " + linesEach + " ]; do echo \"$1 $i\"; echo \"$1 err $i\" >&2; i=$((i+1)); done", "sh", "{}");

    assertThat(r.exit()).isZero();
    List<String> out = r.outLines();
    assertThat(out).hasSize(jobs * linesEach);
    for (int b = 0; b < jobs; b++) {
      String job = out.get(b * linesEach).split(" ")[0];
      for (int i = 0; i < linesEach; i++) {
        assertThat(out.get(b * linesEach + i)).isEqualTo(job + " " + i);
      }
    }
    List<String> err = r.errLines().stream().filter(l -> l.contains(" err ")).toList();
    for (int b = 0; b < jobs; b++) {
      String job = err.get(b * linesEach).split(" ")[0];
      for (int i = 0; i < linesEach; i++) {
        assertThat(err.get(b * linesEach + i)).isEqualTo(job + " err " + i);
      }
    }
  }

  @Test
  void keepOrderPrintsInInputOrderWhateverOrderTheJobsEnd() {
    // The first jobs take longest, so they end last.
    Result r = run(lines("0.6", "0.4", "0.2", "0"), "-j", "4", "--keep-order", "--", "sh", "-c", "sleep $1; echo $1", "sh", "{}");

    assertThat(r.exit()).isZero();
    assertThat(r.outLines()).containsExactly("0.6", "0.4", "0.2", "0");
  }

  @Test
  void eachJobGetsItsNumberAttemptAndWorkerInItsEnvironment() {
    Result r = run(lines("a", "b", "c"), "-j", "2", "-e", "GREETING=hi", "--", "sh", "-c",
        "echo $GREETING $1 $KANAL_JOB $KANAL_ATTEMPT $KANAL_WORKER", "sh", "{}");

    assertThat(r.exit()).isZero();
    assertThat(r.outLines()).hasSize(3).allMatch(l -> l.matches("hi [abc] [123] 1 [12]"));
    assertThat(r.outLines().stream().map(l -> l.split(" ")[1] + l.split(" ")[2]))
        .containsExactlyInAnyOrder("a1", "b2", "c3");
  }

  @Test
  void anEmptyInputRunsNothingAndSucceeds() {
    Result r = run("", "--", "echo");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.summary()).contains("0 succeeded, 0 failed");
  }

  @Test
  void theSummaryCountsEveryOutcomeAndTheWallTime() {
    Result r = run(lines("true", "false", "exit 3", "true"), "-j", "2");

    assertThat(r.exit()).isEqualTo(ExitStatus.FAILED);
    assertThat(r.summary())
        .startsWith("kanal run: 2 succeeded, 2 failed, 0 timed out, 0 cancelled, 0 retries; wall time ");
    assertThat(r.err()).contains("kanal run: job 2 (false) failed with exit code 1\n")
        .contains("kanal run: job 3 (exit 3) failed with exit code 3\n");
  }

  @Test
  void quietPrintsOnlyTheJobsOutput() {
    Result r = run(lines("echo out", "echo err >&2; exit 1"), "-j", "1", "--quiet");

    assertThat(r.exit()).isEqualTo(ExitStatus.FAILED);
    assertThat(r.out()).isEqualTo("out\n");
    assertThat(r.err()).isEqualTo("err\n");
  }

  @Test
  void progressDrawsABarWithCountsOnStandardErrorOnly() {
    Result r = run(lines("echo a", "echo b", "exit 1"), "-j", "1", "--progress");

    assertThat(r.out()).isEqualTo("a\nb\n");
    assertThat(r.err()).contains("\rkanal run").contains("3/3").contains("ok 2, failed 1, running 0");
    assertThat(r.errLines().getLast()).startsWith("kanal run: 2 succeeded, 1 failed");
  }

  @Test
  void noProgressBarWhenNotOnATerminal() {
    Result r = run(lines("echo a"), "-j", "1");

    assertThat(r.err()).doesNotContain("\r").doesNotContain("ok 1, failed 0");
  }

  @Test
  void inputFromAFile() throws IOException {
    Path input = Files.writeString(dir.resolve("in.txt"), "a\nb\n");
    Result r = run("ignored\n", "--input", input.toString(), "-j", "1", "--", "echo");

    assertThat(r.outLines()).containsExactly("a", "b");
  }

  @Test
  void elasticWorkersRunEverything() {
    String[] input = IntStream.rangeClosed(1, 20).mapToObj(i -> "echo " + i).toArray(String[]::new);
    Result r = run(lines(input), "-j", "1..4");

    assertThat(r.exit()).isZero();
    assertThat(r.outLines()).hasSize(20);
  }

  @Test
  void aClosedStandardOutputStopsTheRunWithStatus141() {
    OutputStream closed = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    };
    String[] input = IntStream.rangeClosed(1, 50).mapToObj(i -> "echo " + i + "; sleep 0.05").toArray(String[]::new);
    Result r = KanalRun.run(lines(input), closed, "-j", "2");

    assertThat(r.exit()).isEqualTo(ExitStatus.OUTPUT_CLOSED);
    assertThat(r.summary()).contains("cancelled");
    assertThat(r.err()).contains("standard output was closed");
  }

  // ------------------------------------------------------------------ usage errors: one line, status 2

  @Test
  void anUnknownOptionIsOneLine() {
    assertUsageError(run("", "--bogus"), "kanal run: Unknown option: '--bogus' (see kanal run --help)");
  }

  @Test
  void aBadDurationSaysWhatIsWrong() {
    assertUsageError(run("", "--timeout", "5x"), "kanal run: Invalid value for option '--timeout': '5x' is not a duration:"
        + " unknown unit 'x' (use d, h, m, s, ms; e.g. 500ms, 2s, 1m30s, 1h) (see kanal run --help)");
    assertUsageError(run("", "--job-timeout", "5"), "kanal run: Invalid value for option '--job-timeout': '5' has no unit:"
        + " write 5s for seconds or 5ms for milliseconds (see kanal run --help)");
    assertUsageError(run("", "--timeout", "0"), "kanal run: Invalid value for option '--timeout': '0': must be more"
        + " than 0 (leave the option out for no limit) (see kanal run --help)");
  }

  @Test
  void badWorkersSayWhatIsWrong() {
    assertUsageError(run("", "-j", "0"), "kanal run: Invalid value for option '--workers': '0': at least 1 worker is"
        + " needed, got 0 (see kanal run --help)");
    assertUsageError(run("", "-j", "8..2"), "kanal run: Invalid value for option '--workers': '8..2': the minimum (8)"
        + " is more than the maximum (2): write MIN..MAX (see kanal run --help)");
    assertUsageError(run("", "-j", "many"), "kanal run: Invalid value for option '--workers': 'many': expected a"
        + " number N or a range MIN..MAX, e.g. 4 or 2..8 (see kanal run --help)");
  }

  @Test
  void aNoticeNamesALongJobByItsStartNotByTheWholeLine() {
    String longLine = "é".repeat(100) + "z".repeat(5000);
    Result r = run(lines(longLine), "--", "sh", "-c", "exit 3");

    assertThat(r.err()).contains("kanal run: job 1 (" + "é".repeat(79) + "…) failed with exit code 3\n")
        .doesNotContain("z");
  }

  @Test
  void anEnvWithoutEqualsSaysWhatIsWrongInPlainWords() {
    Result r = run("", "-e", "NOEQ", "--", "echo");

    assertThat(r.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).startsWith("kanal run: Value for option '--env' (NAME=VALUE) should be in KEY=VALUE format"
        + " but was NOEQ").doesNotContain("option option");
  }

  @Test
  void aMissingInputFileIsOneLine() {
    Path missing = dir.resolve("nope.txt");
    assertUsageError(run("", "--input", missing.toString(), "--", "echo"),
        "kanal run: cannot read the input " + missing + ": no such file or directory");
  }

  @Test
  void aCommandThatDoesNotExistIsOneLine() {
    assertUsageError(run("a\n", "--", "no-such-command-kanal", "{}"),
        "kanal run: command not found: no-such-command-kanal (not in any directory of $PATH)");
    assertUsageError(run("a\n", "--", "./no/such/file"), "kanal run: command not found: ./no/such/file (no such file)");
  }

  @Test
  void aProgramChosenByTheLineThatDoesNotExistFailsThatJobWith127() {
    Result r = run(lines("true", "no-such-command-kanal"), "-j", "1", "--", "{}");

    assertThat(r.exit()).isEqualTo(ExitStatus.FAILED);
    assertThat(r.err()).contains("kanal run: cannot run no-such-command-kanal: No such file or directory")
        .contains("kanal run: job 2 (no-such-command-kanal) failed with exit code 127\n");
  }

  @Test
  void resumeWithoutAJobLogIsAUsageError() {
    assertUsageError(run("", "--resume"), "kanal run: --resume needs --joblog FILE: the job log says which jobs"
        + " already succeeded");
  }

  @Test
  void badRetriesAndExitCodesAreUsageErrors() {
    assertUsageError(run("", "--retries", "-1"), "kanal run: --retries must be from 0 to 1000000, got -1");
    assertUsageError(run("", "--critical-exit-codes", "3,0"), "kanal run: --critical-exit-codes: 0 is not an exit"
        + " code that fails (1 to 255)");
    assertUsageError(run("", "--retries", "two"), "kanal run: Invalid value for option '--retries': 'two' is not an"
        + " int (see kanal run --help)");
    assertUsageError(run("x\n", "--retries", "2147483647", "--", "true"),
        "kanal run: --retries must be from 0 to 1000000, got 2147483647");
  }

  @Test
  void theInputTheLogAndTheJobLogMustBeThreeFiles() throws IOException {
    Path input = Files.writeString(dir.resolve("in.txt"), "1\n2\n3\n");
    Path log = dir.resolve("run.log");
    String sameInput = dir.resolve(".").resolve("in.txt").toString(); // one file, another spelling

    assertUsageError(run("", "--input", input.toString(), "--joblog", sameInput, "--", "echo", "{}"),
        "kanal run: --input and --joblog name the same file (" + input + "): give each its own");
    assertUsageError(run("", "--input", input.toString(), "--log", input.toString(), "--", "echo", "{}"),
        "kanal run: --input and --log name the same file (" + input + "): give each its own");
    assertUsageError(run("x\n", "--log", log.toString(), "--joblog", log.toString(), "--", "echo", "{}"),
        "kanal run: --log and --joblog name the same file (" + log + "): give each its own");
    assertThat(input).as("the input is left as it was").hasContent("1\n2\n3\n");
  }

  @Test
  void anInputThatCanBeReadOnlyOnceGivesEveryLine() throws Exception {
    Path fifo = dir.resolve("jobs.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    Thread writer = new Thread(() -> {
      try {
        Files.writeString(fifo, "a\nb\nc\n"); // blocks until kanal opens the FIFO
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.start();

    Result r = run("", "-k", "--input", fifo.toString(), "--", "echo", "{}");

    writer.join(10_000);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.outLines()).containsExactly("a", "b", "c");
  }

  @Test
  void anInputFileThatIsNotUtf8IsRefusedBeforeAnyJobRuns() throws IOException {
    Path input = dir.resolve("latin1.txt");
    // Line 2 is "café" in Latin-1: its é (0xE9) is not UTF-8. Replaced, it would reach the
    // command as another name.
    Files.write(input, new byte[] {'a', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n', 'b', '\n'});
    assertUsageError(run("", "--input", input.toString(), "--", "echo", "{}"),
        "kanal run: cannot read the input " + input + ": line 2 is not valid UTF-8 (kanal reads its"
            + " input as UTF-8; convert it, e.g. with iconv -f latin1 -t utf-8)");
  }

  @Test
  void aLineOfStandardInputThatIsNotUtf8EndsTheInputWithAnError() {
    byte[] stdin = {'a', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n', 'b', '\n'};
    Result r = KanalRun.run(new java.io.ByteArrayInputStream(stdin), new java.io.ByteArrayOutputStream(),
        "-j", "1", "--", "echo", "{}");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.out()).isEqualTo("a\n"); // the line before it ran; nothing was made of the bad one
    assertThat(r.err()).contains("kanal run: line 2 is not valid UTF-8")
        .contains("the input could not be read to its end: line 2 is not valid UTF-8");
    assertThat(r.summary()).contains("1 succeeded, 0 failed, 0 timed out, 0 cancelled");
  }

  private static void assertUsageError(Result r, String line) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitStatus.USAGE);
    assertThat(r.err()).as(r.toString()).isEqualTo(line + "\n");
    assertThat(r.out()).isEmpty();
  }

  // ------------------------------------------------------------------ help

  @Test
  void helpDocumentsEveryOptionAndEveryExitStatus() {
    Result r = run("", "--help");

    assertThat(r.exit()).isZero();
    for (String option : List.of("--workers", "--timeout", "--job-timeout", "--retries", "--backoff",
        "--[no-]fail-fast", "--critical-exit-codes", "--log", "--joblog", "--[no-]resume", "--[no-]keep-order",
        "--[no-]progress", "--[no-]quiet", "--input", "--env", "--config")) {
      assertThat(r.out()).contains(option);
    }
    List<String> statuses = new ArrayList<>();
    for (int s : new int[] {ExitStatus.OK, ExitStatus.FAILED, ExitStatus.USAGE, ExitStatus.TIMEOUT,
        ExitStatus.FAIL_FAST, ExitStatus.INTERRUPTED, ExitStatus.OUTPUT_CLOSED}) {
      statuses.add(String.valueOf(s));
    }
    String exitSection = r.out().substring(r.out().indexOf("Exit status:"));
    for (String s : statuses) {
      assertThat(exitSection).containsPattern("(?m)^\\s*" + s + "\\s+\\S");
    }
  }

  @Test
  void theKanalCommandHasRun() {
    CommandLine cl = KanalCli.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));

    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("run");
    assertThat(cl.getSubcommands()).containsKey("run");
  }
}

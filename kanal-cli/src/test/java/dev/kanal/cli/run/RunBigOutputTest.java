package dev.kanal.cli.run;

import static dev.kanal.cli.run.KanalRun.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.cli.run.KanalRun.Result;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kanal run} end to end with jobs that print more than the run's memory budget for
 * output (1 MiB here, through {@link CaptureStore#MEMORY}): every byte is printed, in one
 * piece and in order, and the temporary files are gone when the run ends. Each job lists the
 * spill directory after printing: all but a pipe's worth of its output has been read by then,
 * so the directory must exist (the job fails if it does not), and the test sees where it was.
 */
class RunBigOutputTest {

  @TempDir Path dir;

  private Path tmp;
  private String savedTmp;

  @BeforeEach
  void smallBudgetAndOwnTmp() throws IOException {
    tmp = Files.createDirectory(dir.resolve("tmp"));
    savedTmp = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
    System.setProperty(CaptureStore.MEMORY, "1m");
  }

  @AfterEach
  void restore() {
    System.setProperty("java.io.tmpdir", savedTmp);
    System.clearProperty(CaptureStore.MEMORY);
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private record Printed(Result result, byte[] out) {}

  private static Printed run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Result r = KanalRun.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, args);
    return new Printed(r, out.toByteArray());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** The spill directories the jobs saw (on standard error), which must be one. */
  private void assertSpilledAndCleanedUp(Result r) {
    List<String> seen = r.errLines().stream().filter(l -> l.startsWith(tmp + "/kanal-run-")).distinct().toList();
    assertThat(seen).as(r.err()).hasSize(1);
    assertThat(Path.of(seen.getFirst())).doesNotExist();
    assertThat(tmp).as("nothing left in java.io.tmpdir").isEmptyDirectory();
  }

  @Test
  void aJobPrintingFiveTimesTheBudgetIsPrintedByteForByte() throws IOException {
    byte[] big = random(5_000_000, 1);
    Path file = Files.write(dir.resolve("big.bin"), big);

    Printed p = run(lines(file.toString()), "--", "sh", "-c", "cat \"$1\"; ls -d \"$2\"/kanal-run-* >&2", "sh", "{}",
        tmp.toString());

    assertThat(p.result().exit()).as(p.result().err()).isZero();
    assertThat(p.out().length).isEqualTo(big.length);
    assertThat(Arrays.mismatch(p.out(), big)).as("the first byte that differs").isEqualTo(-1);
    assertSpilledAndCleanedUp(p.result());
  }

  @Test
  void withKeepOrderTwoBigOutputsComeOutInInputOrderEachWhole() throws IOException {
    byte[] a = random(5_000_000, 2);
    byte[] b = random(5_000_000, 3);
    Path fa = Files.write(dir.resolve("a.bin"), a);
    Path fb = Files.write(dir.resolve("b.bin"), b);
    Path bDone = dir.resolve("b-done");
    // The first job ends only after the second has: the second's output waits, in its file,
    // until the first is printed.
    String script = "cat \"$1\"; ls -d \"$2\"/kanal-run-* >&2; "
        + "case \"$1\" in *a.bin) while [ ! -e \"$3\" ]; do sleep 0.01; done;; *) touch \"$3\";; esac";

    Printed p = run(lines(fa.toString(), fb.toString()), "-k", "-j", "2", "--", "sh", "-c", script, "sh", "{}",
        tmp.toString(), bDone.toString());

    assertThat(p.result().exit()).as(p.result().err()).isZero();
    assertThat(p.out().length).isEqualTo(a.length + b.length);
    assertThat(Arrays.mismatch(p.out(), concat(a, b))).as("the first byte that differs").isEqualTo(-1);
    assertSpilledAndCleanedUp(p.result());
  }

  @Test
  void theLogHasEveryLineOfABigOutputAndItsFilesAreDeletedAfterIt() throws IOException {
    Path log = dir.resolve("run.log");
    int n = 300_000; // about 2 MB

    Printed p = run(lines(Integer.toString(n)), "--log", log.toString(), "--", "sh", "-c",
        "seq 1 \"$1\"; ls -d \"$2\"/kanal-run-* >&2", "sh", "{}", tmp.toString());

    assertThat(p.result().exit()).as(p.result().err()).isZero();
    String expected = IntStream.rangeClosed(1, n).mapToObj(i -> i + "\n").collect(Collectors.joining());
    assertThat(new String(p.out(), StandardCharsets.UTF_8)).isEqualTo(expected);
    List<String> logged = Files.readAllLines(log).stream()
        .filter(l -> l.contains("  job 1 stdout: "))
        .map(l -> l.substring(l.indexOf("  job 1 stdout: ") + "  job 1 stdout: ".length()))
        .toList();
    assertThat(logged).hasSize(n);
    assertThat(logged).isEqualTo(IntStream.rangeClosed(1, n).mapToObj(Integer::toString).toList());
    assertSpilledAndCleanedUp(p.result());
  }
  @Test
  void withALogTheOutputWrittenToItGivesItsMemoryBack() throws IOException {
    // 30 jobs of 100 kB each, one at a time: 3 MB in all against a 1 MiB budget. Once printed
    // and logged, a job's output gives its memory back, so none of them ever needs a file; a
    // budget that the log kept would be spent after ten jobs. Each job reports a spill
    // directory if it sees one.
    Path log = dir.resolve("run.log");
    String[] jobs = IntStream.rangeClosed(1, 30).mapToObj(Integer::toString).toArray(String[]::new);

    Printed p = run(lines(jobs), "-j", "1", "--log", log.toString(), "--", "sh", "-c",
        "head -c 100000 /dev/zero | tr '\\0' x; { ls -d \"$1\"/kanal-run-* 2>/dev/null || true; } >&2", "sh",
        tmp.toString());

    assertThat(p.result().exit()).as(p.result().err()).isZero();
    assertThat(p.out().length).isEqualTo(30 * 100_000);
    assertThat(p.result().err()).as("no job saw a spill directory").doesNotContain("kanal-run-");
    assertThat(Files.readAllLines(log).stream().filter(l -> l.contains(" stdout: xxx"))).hasSize(30);
  }
}

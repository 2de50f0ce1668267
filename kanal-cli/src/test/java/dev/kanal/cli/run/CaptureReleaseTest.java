package dev.kanal.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a run gives its jobs' output back: a printout once it is really printed (under
 * {@code --keep-order}, not before the jobs ahead of it are), an attempt that was retried once
 * the next one is recorded; and never before the end of the run when a log may still read it.
 */
class CaptureReleaseTest {

  @TempDir Path dir;

  private CaptureStore store;
  private final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void makeStore() {
    store = new CaptureStore(dir, 1 << 20, 1 << 20, warnings::add);
  }

  @AfterEach
  void closeStore() {
    store.close();
    assertThat(warnings).isEmpty();
  }

  private Capture capture(String text) {
    Capture c = store.newCapture();
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    c.write(b, 0, b.length);
    c.end();
    return c;
  }

  private AttemptResult attempt(int code, String out) {
    return new AttemptResult(code, capture(out), capture(""), Instant.now(), Duration.ZERO);
  }

  @Test
  void underKeepOrderAPrintoutIsReleasedWhenItIsPrintedNotWhenItArrives() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobPrinter printer = new JobPrinter(new Output(out, new ByteArrayOutputStream()), true);

    printer.print(2, new JobPrinter.Printout(capture("second\n"), capture(""), null));

    assertThat(out.size()).isZero();
    assertThat(store.memoryUsed()).as("held until job 1 is printed").isEqualTo(7);

    printer.print(1, new JobPrinter.Printout(capture("first\n"), capture(""), "kanal run: a notice"));

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\n");
    assertThat(store.memoryUsed()).isZero();
  }

  @Test
  void withALogAPrintoutIsKeptAfterPrintingUntilTheLogLetsGoToo() {
    store.readAlsoByLog();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobPrinter printer = new JobPrinter(new Output(out, new ByteArrayOutputStream()), false);
    Capture c = capture("kept\n");

    printer.print(1, new JobPrinter.Printout(c, null, null));

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("kept\n");
    assertThat(c.toByteArray()).as("still readable by the log").hasSize(5);
    c.release(Capture.LOG);
    assertThat(store.memoryUsed()).as("both let go: the budget is back").isZero();
  }

  @Test
  void theLogMayLetGoFirst() {
    store.readAlsoByLog();
    Capture c = capture("either order\n");
    c.release(Capture.LOG);
    c.release(Capture.LOG); // once per holder: a second time changes nothing

    assertThat(c.toByteArray()).as("the printer still holds it").hasSize(13);
    c.release(Capture.PRINTER);
    assertThat(store.memoryUsed()).isZero();
  }

  @Test
  void recordingARetryReleasesTheAttemptBeforeItOnceTheLogToo() {
    RunJob noLog = new RunJob(JobSpec.line(1, "x"), 1);
    AttemptResult first = attempt(1, "attempt 1\n");
    noLog.record(1, first);
    AttemptResult second = attempt(0, "attempt 2\n");
    noLog.record(2, second);

    assertThat(store.memoryUsed()).isEqualTo(10);
    assertThat(noLog.last()).isSameAs(second);
    assertThat(second.stdout().toByteArray()).hasSize(10);

    store.readAlsoByLog();
    RunJob logged = new RunJob(JobSpec.line(2, "y"), 2);
    logged.record(1, attempt(1, "attempt 1\n"));
    logged.record(2, attempt(0, "attempt 2\n"));

    assertThat(store.memoryUsed()).isEqualTo(30);
    assertThat(logged.result(1).stdout().toByteArray()).hasSize(10);
    logged.result(1).stdout().release(Capture.LOG); // the log wrote it
    logged.result(1).stderr().release(Capture.LOG);
    assertThat(store.memoryUsed()).isEqualTo(20);
  }
}

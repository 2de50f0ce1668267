package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.WaitGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The single-writer log: formats, flushing, no lost line, the pool's use of it. */
@Timeout(30)
class LogSinkTest {
  @TempDir Path dir;

  @Test
  void noAcceptedLineIsLostUnderManyWriters() throws IOException {
    Path file = dir.resolve("many.log");
    LogSink sink = LogSink.open(file, LogFormat.HUMAN);
    WaitGroup wg = new WaitGroup();
    int writers = 16;
    int lines = 2_000;
    for (int w = 0; w < writers; w++) {
      int id = w;
      wg.go(
          () -> {
            for (int i = 0; i < lines; i++) {
              sink.log("w" + id + " line " + i);
            }
          });
    }
    wg.await();
    sink.close();
    List<String> written = Files.readAllLines(file);
    assertThat(written).hasSize(writers * lines);
    assertThat(new HashSet<>(written)).hasSize(writers * lines);
    assertThat(sink.linesWritten()).isEqualTo(writers * lines);
  }

  @Test
  void logAfterCloseFailsClearlyAndCloseIsIdempotent() {
    LogSink sink = LogSink.open(dir.resolve("x.log"), LogFormat.HUMAN);
    sink.close();
    sink.close();
    assertThatThrownBy(() -> sink.log("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void aFileThatCannotBeOpenedIsNamed() {
    Path missing = dir.resolve("no/such/dir/log.txt");
    assertThatThrownBy(() -> LogSink.open(missing, LogFormat.HUMAN))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aWriteFailureIsReportedAtCloseAndNobodyBlocks() {
    Writer failing =
        new Writer() {
          @Override
          public void write(char[] c, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    LogSink sink = LogSink.of(failing, LogFormat.HUMAN);
    for (int i = 0; i < 5_000; i++) { // more than the buffer: the writer keeps draining
      sink.log("line " + i);
    }
    assertThatThrownBy(sink::close)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("disk full");
  }

  @Test
  void linesStayLinesAndTheConsoleGetsACopy() throws IOException {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Path file = dir.resolve("tee.log");
    LogSink sink =
        LogSink.open(file, LogFormat.HUMAN, new PrintStream(console, true, StandardCharsets.UTF_8));
    sink.log("two\nlines");
    sink.close();
    assertThat(Files.readAllLines(file)).containsExactly("two lines");
    assertThat(console.toString(StandardCharsets.UTF_8))
        .isEqualTo("two lines" + System.lineSeparator());
  }

  @Test
  void humanLinesLookLikeTheSeeds() {
    Instant t = Instant.parse("2025-01-01T10:00:00Z");
    assertThat(
            LogFormat.HUMAN_NO_TIME.format(
                new PoolEvent.JobStarted(t, 3, "Alice", 1, 1, Duration.ZERO)))
        .isEqualTo("▶ worker 1 started  job 3 (Alice)");
    assertThat(
            LogFormat.HUMAN_NO_TIME.format(
                new PoolEvent.JobSucceeded(t, 3, "Alice", 1, 1, Duration.ofMillis(234), "ok")))
        .isEqualTo("✔️ worker 1 finished job 3 (Alice) in 234ms: ok");
    assertThat(
            LogFormat.HUMAN_NO_TIME.format(
                new PoolEvent.JobRetrying(
                    t, 4, "Charlie", 3, 1, new IOException("échec"), Duration.ofMillis(100))))
        .isEqualTo(
            "↻ worker 3 job 4 (Charlie) failed on attempt 1: IOException: échec; retrying in"
                + " 100ms");
    assertThat(
            LogFormat.HUMAN_NO_TIME.format(
                new PoolEvent.JobFailed(t, 4, "Charlie", 3, 2, new IOException("échec"), true)))
        .isEqualTo(
            "❌ worker 3 job 4 (Charlie) failed after 2 attempts: IOException: échec (critical:"
                + " stopping the pool)");
    assertThat(
            LogFormat.HUMAN_NO_TIME.format(
                new PoolEvent.JobCancelled(
                    t, 6, "Frank", 0, 0, false, new StopReason.ShutdownNow())))
        .isEqualTo("⊘ job 6 (Frank) cancelled before it started: shutdownNow");
    assertThat(LogFormat.HUMAN.format(new PoolEvent.WorkerStarted(t, 2)))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\+ worker 2 started");
  }

  @Test
  void jsonLinesAreOneEscapedObjectPerEvent() {
    Instant t = Instant.parse("2025-01-01T10:00:00Z");
    String line =
        LogFormat.JSON_LINES.format(
            new PoolEvent.JobSucceeded(
                t, 3, "Al\"ice\n", 1, 2, Duration.ofNanos(234_567_891), "r\\s"));
    assertThat(line)
        .isEqualTo(
            "{\"time\":\"2025-01-01T10:00:00Z\",\"event\":\"succeeded\",\"job\":3,\"input\":\"Al\\\"ice\\n"
                + "\",\"worker\":1,\"attempt\":2,\"runMs\":234.567,\"result\":\"r\\\\s\"}");
    assertThat(
            LogFormat.JSON_LINES.format(
                new PoolEvent.WorkerRetired(t, 2, PoolEvent.RetireReason.IDLE)))
        .isEqualTo(
            "{\"time\":\"2025-01-01T10:00:00Z\",\"event\":\"worker_retired\",\"worker\":2,\"reason\":\"idle\"}");
  }

  @Test
  void thePoolLogsEveryEventAndFlushesOnClose() throws IOException {
    Path file = dir.resolve("pool.jsonl");
    try (var pool =
        WorkerPool.<Integer, Integer>builder(
                (n, job) -> {
                  if (n % 10 == 0) {
                    throw new IllegalStateException("bad " + n);
                  }
                  return n;
                })
            .workers(3)
            .log(LogSink.open(file, LogFormat.JSON_LINES))
            .build()) {
      for (int i = 1; i <= 100; i++) {
        pool.submit(i);
      }
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"time\":").endsWith("}"));
    assertThat(lines).filteredOn(l -> l.contains("\"event\":\"succeeded\"")).hasSize(90);
    assertThat(lines)
        .filteredOn(l -> l.contains("\"event\":\"failed\""))
        .hasSize(10)
        .allSatisfy(l -> assertThat(l).contains("IllegalStateException: bad"));
    assertThat(lines).filteredOn(l -> l.contains("\"event\":\"started\"")).hasSize(100);
    assertThat(lines.getLast()).contains("\"event\":\"pool_terminated\"");
    Set<String> events = new HashSet<>();
    lines.forEach(l -> events.add(l.replaceAll(".*\"event\":\"([a-z_]+)\".*", "$1")));
    assertThat(events)
        .contains("worker_started", "worker_retired", "pool_shutdown", "pool_terminated");
  }

  @Test
  void aWriterSinkClosesItsWriter() {
    StringWriter out = new StringWriter();
    LogSink sink = LogSink.of(out, e -> "x");
    sink.write(new PoolEvent.WorkerStarted(Instant.now(), 1));
    sink.close();
    assertThat(out.toString()).isEqualTo("x\n");
  }
}

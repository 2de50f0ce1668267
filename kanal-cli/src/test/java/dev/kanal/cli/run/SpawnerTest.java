package dev.kanal.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both {@link Spawner}s keep the same contract (see {@link Spawner}): exact arguments, input
 * from /dev/null, the environment, whole output, exit codes as the JDK reports them, 127 for a
 * missing program, and an interrupt that kills the whole process tree; and output past the
 * run's memory budget goes to a file, whole.
 */
class SpawnerTest {

  @TempDir Path dir;

  private final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
  private CaptureStore store;

  @BeforeEach
  void makeStore() {
    store = new CaptureStore(dir, CaptureStore.DEFAULT_MEMORY, CaptureStore.DEFAULT_PER_CAPTURE, warnings::add);
  }

  @AfterEach
  void closeStore() {
    store.close();
    assertThat(warnings).isEmpty();
  }

  private static Spawner spawner(String name) {
    Spawner s = Spawner.choose(name);
    assumeThat(s.name()).as("the %s spawner runs here", name).isEqualTo(name);
    return s;
  }

  private AttemptResult run(Spawner s, String... argv) {
    return s.run(List.of(argv), Map.of(), new RunningProcesses(), store);
  }

  private static String text(Capture c) {
    return new String(c.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void theNativeSpawnerIsChosenOnLinuxWithJava22() {
    // The build enables native access for the tests (--enable-native-access), as the jar does.
    assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
    assumeThat(Runtime.version().feature()).isGreaterThanOrEqualTo(22);

    assertThat(Spawner.choose("native").name()).isEqualTo("native");
    assertThat(Spawner.choose("jdk").name()).isEqualTo("jdk");
    // The default starts with the JDK's; the second job has the native one made ready in the
    // background.
    Spawner best = Spawner.choose(null);
    assertThat(run(best, "true").exitCode()).isZero();
    assertThat(run(best, "true").exitCode()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> best.name().equals("native"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void argumentsArriveExactlyAndOutputAndErrorAreKeptApart(String name) {
    AttemptResult r = run(spawner(name), "sh", "-c", "printf '%s|' \"$@\"; echo oops >&2; exit 3", "sh",
        "a b", "", "'q'", "$(x)", "été");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(text(r.stdout())).isEqualTo("a b||'q'|$(x)|été|");
    assertThat(text(r.stderr())).isEqualTo("oops\n");
    assertThat(r.runTime()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void standardInputIsEmptyAndTheEnvironmentIsAdded(String name) {
    AttemptResult r = spawner(name).run(List.of("sh", "-c", "cat; echo \"$KANAL_T:$HOME\""),
        Map.of("KANAL_T", "x y"), new RunningProcesses(), store);

    assertThat(r.exitCode()).isZero();
    assertThat(text(r.stdout())).isEqualTo("x y:" + System.getenv("HOME") + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void aBigOutputIsCapturedWhole(String name) {
    AttemptResult r = run(spawner(name), "sh", "-c", "head -c 3000000 /dev/zero; head -c 100000 /dev/zero >&2");

    assertThat(r.stdout().size()).isEqualTo(3_000_000);
    assertThat(r.stderr().size()).isEqualTo(100_000);
    assertThat(r.stdout().spilled()).as("3 MB fit in the default budget").isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void outputPastTheBudgetGoesToAFileWholeAndInOrder(String name) {
    store.close();
    store = new CaptureStore(dir, 256 * 1024, 64 * 1024, warnings::add);
    // About 1.3 MB on stdout, 20 times the cap; a little on stderr, which stays in memory.
    AttemptResult r = run(spawner(name), "sh", "-c", "seq 1 200000; echo small >&2");

    String expected = IntStream.rangeClosed(1, 200_000).mapToObj(Integer::toString)
        .collect(Collectors.joining("\n", "", "\n"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout().spilled()).isTrue();
    assertThat(text(r.stdout())).isEqualTo(expected);
    assertThat(r.stderr().spilled()).isFalse();
    assertThat(text(r.stderr())).isEqualTo("small\n");
    assertThat(store.directory()).isDirectoryContaining(f -> true);

    r.stdout().release();
    r.stderr().release();
    assertThat(store.directory()).isEmptyDirectory();
    assertThat(store.memoryUsed()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void aProcessThatClosesItsOutputEarlyIsStillWaitedForToTheEnd(String name) {
    // End of file on both pipes comes long before the exit: the exit status is the end's.
    AttemptResult r = run(spawner(name), "sh", "-c", "echo bye; exec >&- 2>&-; sleep 0.3; exit 5");

    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(text(r.stdout())).isEqualTo("bye\n");
    assertThat(r.runTime()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void aProcessKilledByASignalReports128PlusTheSignal(String name) {
    assertThat(run(spawner(name), "sh", "-c", "kill -9 $$").exitCode()).isEqualTo(128 + 9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void aMissingProgramIs127WithTheReason(String name) {
    AttemptResult r = run(spawner(name), "kanal-no-such-program", "x");

    assertThat(r.exitCode()).isEqualTo(AttemptResult.CANNOT_START);
    assertThat(text(r.stderr())).isEqualTo("kanal run: cannot run kanal-no-such-program: No such file or directory\n");
  }

  @Test
  void theExitCodeOfAStartThatFailedComesFromTheErrorNumberNotItsTextWhichIsTranslated() {
    // JDK 21 and 25 word it differently; under LANG=de_DE the text after the number is German.
    assertThat(AttemptResult.cannotStartCode(JdkSpawner.errno(new java.io.IOException(
        "Cannot run program \"x\": error=2, Datei oder Verzeichnis nicht gefunden")))).isEqualTo(127);
    assertThat(AttemptResult.cannotStartCode(JdkSpawner.errno(new java.io.IOException(
        "Cannot run program \"x\": Exec failed, error: 7 (Die Argumentliste ist zu lang)")))).isEqualTo(126);
    assertThat(AttemptResult.cannotStartCode(JdkSpawner.errno(new java.io.IOException(
        "Cannot run program \"x\": Exec failed, error: 2 (No such file or directory)")))).isEqualTo(127);
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void anArgumentListTooLongIs126AsInAShell(String name) {
    AttemptResult r = run(spawner(name), "echo", "x".repeat(3_000_000));

    assertThat(r.exitCode()).isEqualTo(AttemptResult.CANNOT_EXECUTE);
    assertThat(text(r.stderr())).isEqualTo("kanal run: cannot run echo: Argument list too long\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void aProgramThatIsNotExecutableIs126(String name) throws java.io.IOException {
    java.nio.file.Path script = java.nio.file.Files.createTempFile("kanal-not-executable", ".sh");
    try {
      java.nio.file.Files.writeString(script, "#!/bin/sh\necho hi\n");
      AttemptResult r = run(spawner(name), script.toString());

      assertThat(r.exitCode()).isEqualTo(AttemptResult.CANNOT_EXECUTE);
      assertThat(text(r.stderr())).isEqualTo("kanal run: cannot run " + script + ": Permission denied\n");
    } finally {
      java.nio.file.Files.delete(script);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void aProgramFoundOnThePathGetsItsNameAsGivenAsArgumentZero(String name) {
    // The native spawner looks the program up once and starts the file it found, as execvp
    // does: the program still sees the name it was given, each time.
    Spawner s = spawner(name);
    for (int i = 0; i < 2; i++) {
      AttemptResult r = run(s, "sh", "-c", "echo \"$0\"");

      assertThat(r.exitCode()).isZero();
      assertThat(text(r.stdout())).isEqualTo("sh\n");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void aScriptWithoutShebangRunsAsExecvpWouldRunIt(String name) throws IOException {
    Path script = Files.writeString(dir.resolve("plain.sh"), "echo plain $1\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    AttemptResult r = run(spawner(name), script.toString(), "x");

    assertThat(r.exitCode()).isZero();
    assertThat(text(r.stdout())).isEqualTo("plain x\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void noDescriptorOfKanalLeaksIntoAJob(String name) {
    // ls opens the directory itself: 0, 1, 2 and that one.
    AttemptResult r = run(spawner(name), "ls", "/proc/self/fd");

    assertThat(text(r.stdout()).lines().toList()).hasSizeLessThanOrEqualTo(4).contains("0", "1", "2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "jdk"})
  void anInterruptKillsTheWholeTreeAndKeepsWhatWasPrinted(String name) throws Exception {
    Spawner s = spawner(name);
    Path pid = dir.resolve("pid");
    RunningProcesses running = new RunningProcesses();
    boolean[] interruptedAfter = new boolean[1];
    CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    Thread worker = Thread.ofVirtual().start(() -> {
      result.complete(s.run(List.of("sh", "-c", "echo started; sleep 30 & echo $! > " + pid + "; wait"), Map.of(),
          running, store));
      interruptedAfter[0] = Thread.currentThread().isInterrupted();
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pid) && Files.size(pid) > 0);
    assertThat(running.size()).isEqualTo(1);
    long sleeper = Long.parseLong(Files.readString(pid).strip());

    worker.interrupt();
    AttemptResult r = result.get(10, TimeUnit.SECONDS);
    worker.join();

    assertThat(r.killed()).isTrue();
    assertThat(text(r.stdout())).isEqualTo("started\n");
    assertThat(interruptedAfter[0]).as("the interrupt status is kept").isTrue();
    assertThat(running.size()).isZero();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
  }
}

package dev.kanal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.elsewhere.GoCaller;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Goroutines: {@code go} runs a function on a new virtual thread, and an exception that escapes it
 * is never lost: it reaches the uncaught handler with the goroutine's name and where it was
 * started, by default printed to standard error.
 */
class GoTest {

  @AfterEach
  void restoreTheDefaultHandler() {
    Go.onUncaught(null);
  }

  @Test
  void goRunsTheFunctionOnANewVirtualThreadNamedGoroutine() throws InterruptedException {
    Channel<Thread> ran = Channel.buffered(1);
    Thread t = Go.go(() -> ran.send(Thread.currentThread()));
    assertThat(ran.receive()).isSameAs(t);
    assertThat(t.isVirtual()).isTrue();
    assertThat(t.getName()).matches("goroutine-\\d+");
    t.join();
    assertThat(t.isAlive()).isFalse();
  }

  /** Go's memory model: the go statement is synchronized before the goroutine starts. */
  @Test
  void writesBeforeGoAreVisibleInTheGoroutine() {
    int n = Stress.scaled(2_000);
    int[] slots = new int[n]; // plain
    Channel<Integer> bad = Channel.buffered(n);
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < n; i++) {
      slots[i] = i + 1;
      int idx = i;
      wg.add(1);
      Go.go(
          () -> {
            if (slots[idx] != idx + 1) {
              bad.send(idx);
            }
            wg.done();
          });
    }
    wg.await();
    assertThat(bad.len()).isZero();
  }

  @Test
  void eachGoroutineHasItsOwnName() {
    Channel<String> names = Channel.buffered(2);
    Thread a = Go.go(() -> names.send(Thread.currentThread().getName()));
    Thread b = Go.go(() -> names.send(Thread.currentThread().getName()));
    assertThat(names.receive()).isNotEqualTo(names.receive());
    assertThat(a.getName()).isNotEqualTo(b.getName());
  }

  @Test
  void goRejectsANullFunction() {
    assertThatThrownBy(() -> Go.go(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("body");
  }

  @Test
  void anEscapingExceptionReachesTheHandlerWithTheGoroutineNameAndOrigin()
      throws InterruptedException {
    Channel<GoroutineException> reported = Channel.buffered(1);
    Go.onUncaught(reported::send);
    IllegalStateException boom = new IllegalStateException("boom");
    GoCaller.Started started =
        GoCaller.go(
            () -> {
              throw boom;
            });
    GoroutineException e = reported.receive();
    started.thread().join();
    assertThat(e.goroutine()).isEqualTo(started.thread().getName());
    assertThat(e.origin())
        .isEqualTo("dev.kanal.elsewhere.GoCaller.go(GoCaller.java:" + started.line() + ")");
    assertThat(e.getCause()).isSameAs(boom);
    assertThat(e.getMessage())
        .isEqualTo(
            started.thread().getName()
                + " (started at "
                + e.origin()
                + ") failed: java.lang.IllegalStateException: boom");
  }

  @Test
  void aCallerInTheLibrarysOwnPackageButAnotherJarIsStillTheOrigin() {
    // This test class lives in package dev.kanal, like the library, but not in its jar or
    // class folder: the origin must be this method, not a frame of the test framework.
    Channel<GoroutineException> reported = Channel.buffered(1);
    Go.onUncaught(reported::send);
    Go.go(
        () -> {
          throw new IllegalStateException("from a test in dev.kanal");
        });
    assertThat(reported.receive().origin())
        .startsWith(
            "dev.kanal.GoTest."
                + "aCallerInTheLibrarysOwnPackageButAnotherJarIsStillTheOrigin(GoTest.java:");
  }

  @Test
  void theOriginOfAnAfterFuncGoroutineIsWhereAfterFuncWasCalled() {
    // The goroutine starts on the timer's thread, whose stack knows nothing of this test.
    Channel<GoroutineException> reported = Channel.buffered(1);
    Go.onUncaught(reported::send);
    Time.afterFunc(
        java.time.Duration.ofMillis(1),
        () -> {
          throw new IllegalStateException("from a timer");
        });
    assertThat(reported.receive().origin())
        .startsWith(
            "dev.kanal.GoTest.theOriginOfAnAfterFuncGoroutineIsWhereAfterFuncWasCalled(GoTest.java:");
  }

  @Test
  void errorsEscapingAGoroutineAreReportedToo() {
    Channel<GoroutineException> reported = Channel.buffered(1);
    Go.onUncaught(reported::send);
    Go.go(
        () -> {
          throw new AssertionError("an error, not an exception");
        });
    assertThat(reported.receive().getCause())
        .isInstanceOf(AssertionError.class)
        .hasMessage("an error, not an exception");
  }

  @Test
  void theOriginOfAWaitGroupGoroutineIsTheCallerOfWaitGroupGo() {
    Channel<GoroutineException> reported = Channel.buffered(1);
    Go.onUncaught(reported::send);
    WaitGroup wg = new WaitGroup();
    GoCaller.Started started =
        GoCaller.go(
            wg,
            () -> {
              throw new IllegalArgumentException("bad");
            });
    GoroutineException e = reported.receive();
    wg.await();
    assertThat(e.origin())
        .isEqualTo("dev.kanal.elsewhere.GoCaller.go(GoCaller.java:" + started.line() + ")");
    assertThat(wg.count()).as("done() ran although the body threw").isZero();
  }

  @Test
  void theDefaultHandlerPrintsTheFailureWithItsOriginToStandardError() throws InterruptedException {
    String err =
        capturingStandardError(
            () -> {
              GoCaller.Started started =
                  GoCaller.go(
                      () -> {
                        throw new IllegalStateException("printed");
                      });
              join(started.thread());
              return started;
            });
    assertThat(err)
        .contains("panic: goroutine-")
        .contains("(started at dev.kanal.elsewhere.GoCaller.go(GoCaller.java:")
        .contains("failed: java.lang.IllegalStateException: printed")
        .contains("\tat "); // the cause's stack trace
  }

  @Test
  void aHandlerThatThrowsIsItselfReportedToStandardError() {
    Go.onUncaught(
        e -> {
          throw new RuntimeException("the handler broke");
        });
    String err =
        capturingStandardError(
            () -> {
              join(
                  Go.go(
                      () -> {
                        throw new IllegalStateException("original");
                      }));
              return null;
            });
    assertThat(err)
        .contains("failed: java.lang.IllegalStateException: original")
        .contains("the uncaught handler failed too: java.lang.RuntimeException: the handler broke");
  }

  @Test
  void onUncaughtNullRestoresTheDefault() {
    AtomicReference<GoroutineException> custom = new AtomicReference<>();
    Go.onUncaught(custom::set);
    Go.onUncaught(null);
    String err =
        capturingStandardError(
            () -> {
              join(
                  Go.go(
                      () -> {
                        throw new IllegalStateException("to stderr");
                      }));
              return null;
            });
    assertThat(err).contains("to stderr");
    assertThat(custom.get()).isNull();
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Runs {@code body} with standard error captured; the goroutine has ended (joined) when body
   * returns, and the handler runs on it before it ends, so everything it printed is captured.
   */
  private static String capturingStandardError(java.util.concurrent.Callable<?> body) {
    PrintStream original = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.call();
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      System.setErr(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}

package dev.kanal.elsewhere;

import dev.kanal.Go;
import dev.kanal.WaitGroup;

/**
 * Calls {@code go} from user code: a class outside the {@code dev.kanal} package, which Kanal skips
 * (as its own) when it records where a goroutine was started. Reports the line of the call so that
 * a test can check the recorded origin exactly.
 */
public final class GoCaller {
  private GoCaller() {}

  /** A started goroutine and the source line of the call that started it. */
  public record Started(Thread thread, int line) {}

  public static Started go(Runnable body) {
    int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    Thread t = Go.go(body);
    return new Started(t, line);
  }

  public static Started go(WaitGroup wg, Runnable body) {
    int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    Thread t = wg.go(body);
    return new Started(t, line);
  }
}

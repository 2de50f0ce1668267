package dev.kanal;

/** Test helpers shared with the tests of other packages. */
public final class TestSupport {
  private TestSupport() {}

  /** Waits until {@code t} is parked (blocked in a channel operation or a lock). */
  public static void awaitBlocked(Thread t) {
    ContextOperationsTest.awaitBlocked(t);
  }
}

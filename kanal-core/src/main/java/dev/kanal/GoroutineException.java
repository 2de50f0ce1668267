package dev.kanal;

/**
 * An exception that escaped a goroutine started by {@link Go#go}, with the goroutine's name
 * and where it was started. It is what the {@linkplain Go#onUncaught uncaught handler} gets;
 * the original exception is the {@linkplain #getCause() cause}.
 */
public final class GoroutineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String goroutine;
  private final String origin;

  GoroutineException(String goroutine, String origin, Throwable cause) {
    super(
        goroutine
            + (origin == null ? "" : " (started at " + origin + ")")
            + " failed: "
            + cause,
        cause);
    this.goroutine = goroutine;
    this.origin = origin;
  }

  /** The goroutine's thread name, such as {@code goroutine-12}. */
  public String goroutine() {
    return goroutine;
  }

  /**
   * Where {@code go(...)} was called, as {@code Class.method(File.java:line)}; null when origin
   * capture is off ({@code -Dkanal.goroutine.origin=false}).
   */
  public String origin() {
    return origin;
  }
}

package dev.kanal.bench;

/** Turns an InterruptedException into an unchecked one, keeping the interrupt status set. */
final class Interrupted {
  private Interrupted() {}

  static IllegalStateException rethrow(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new IllegalStateException("benchmark party interrupted", e);
  }
}

package dev.kanal.bench;

/** Does nothing: the compare script times a JVM that starts and runs this, with the launcher's flags. */
public final class Noop {
  private Noop() {}

  public static void main(String[] args) {}
}

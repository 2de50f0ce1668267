package dev.kanal.bench;

/**
 * Splits a fixed number of operations among parties. JMH's {@code @OperationsPerInvocation}
 * must be a constant while the number of parties is the core count, so each shape fixes its
 * total and gives party {@code i} its share (the first parties take the remainder).
 */
final class Split {
  private Split() {}

  static int share(int total, int parties, int index) {
    return total / parties + (index < total % parties ? 1 : 0);
  }

  /** Go's "as many producers and consumers as cores": GOMAXPROCS there, this here. */
  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}

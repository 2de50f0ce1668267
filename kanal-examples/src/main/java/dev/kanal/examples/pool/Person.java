package dev.kanal.examples.pool;

/** Seed 001's {@code Person}; shown by name in the pool's log lines. */
record Person(String name, int age) {
  @Override
  public String toString() {
    return name;
  }
}

package dev.kanal.bench;

/**
 * The values the shapes send. Go sends plain ints; a Java channel carries references, so every
 * shape sends preallocated boxes and no implementation pays for boxing inside the measurement.
 */
final class Values {
  private Values() {}

  /** The poison that ends a consumer where a shape (as Go's ProdCons does) uses a sentinel. */
  static final Integer STOP = Integer.valueOf(0);

  static final Integer ONE = Integer.valueOf(1);

  /** Boxes of 0..n, each allocated once. */
  static Integer[] boxes(int n) {
    Integer[] b = new Integer[n + 1];
    for (int i = 0; i <= n; i++) {
      b[i] = Integer.valueOf(i);
    }
    return b;
  }
}

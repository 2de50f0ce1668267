package dev.kanal.pool;

/**
 * The superclasses of {@link Worker} that pad its hot fields: the JVM lays out a superclass's
 * fields before its subclass's, so {@link Hot}'s fields sit between {@link PadBefore}'s 128 bytes
 * and {@link PadAfter}'s, and no object allocated next to a worker shares their cache line. (The
 * JDK's own {@code @Contended} does this for its classes only.)
 */
final class WorkerLayout {
  private WorkerLayout() {}

  /** 128 bytes ahead of {@link Hot}'s fields. */
  abstract static class PadBefore {
    byte p00; // fills the gap after the object header, where a later small field could go
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
  }

  /** The fields a worker writes on every job; accessed by VarHandle from {@link Worker}. */
  abstract static class Hot<T, R> extends PadBefore {
    /** The task whose attempt this worker runs, or null between jobs. */
    Task<T, R> current;

    /** How many threads are between deciding to interrupt this worker and having done it. */
    volatile int interrupting;

    /** Jobs this worker ran that succeeded; one writer (the worker), release stores. */
    long succeeded;
  }

  /** 128 bytes after {@link Hot}'s fields. */
  abstract static class PadAfter<T, R> extends Hot<T, R> {
    long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15, q16;
  }
}

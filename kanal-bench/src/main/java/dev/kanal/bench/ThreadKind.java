package dev.kanal.bench;

/**
 * Which threads a benchmark's parties run on. Kanal and jox always run on virtual threads (that
 * is what their users do); a JDK structure runs on either, named by the implementation's suffix:
 * {@code abq-vt} is an ArrayBlockingQueue between virtual threads, {@code abq-pt} between
 * platform threads.
 */
enum ThreadKind {
  VIRTUAL,
  PLATFORM;

  /** The kind for an implementation name as used in the benchmarks' {@code impl} parameter. */
  static ThreadKind of(String impl) {
    return impl.endsWith("-pt") ? PLATFORM : VIRTUAL;
  }
}

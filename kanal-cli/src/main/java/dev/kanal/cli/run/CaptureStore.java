package dev.kanal.cli.run;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Where one {@code kanal run} keeps its jobs' output until it is printed: a memory budget
 * shared by all the run's {@link Capture}s, and a directory for what does not fit in it.
 *
 * <p><b>Why.</b> A job's output is printed whole when the job ends (and under
 * {@code --keep-order} only once every earlier job is printed), so kanal must hold all of it
 * meanwhile; a job that prints gigabytes ({@code kanal run -- zcat {}}) must not make kanal run
 * out of memory. Past the budget a capture moves to a file (see {@link Capture}).
 *
 * <p><b>Invariants.</b> {@link #memoryUsed} is the sum of the bytes that live captures hold in
 * memory; {@link #tryReserve} never takes it past the budget (a compare-and-set loop, so
 * concurrent writers cannot overshoot together). Only the fallback of a capture whose file
 * cannot be written ({@link #forceReserve}) goes past it: losing output would be worse. The
 * directory is made on the first spill only, so a run whose output fits in memory touches no
 * disk. Every spill file is made by {@link #newSpill} and is in {@code spilled} until its
 * capture releases it; {@link #close} releases those, deletes what is left in the directory,
 * then the directory; no file is made after that.
 *
 * <p><b>Threads.</b> The jobs' reader threads write captures, the consumer prints and releases
 * them, the log's event goroutine reads them: the counters are atomic, the directory and the
 * set are guarded by {@code this}. Lock order: a capture's lock, then the store's; the store
 * never calls a capture while it holds its own lock, and warnings ({@link #cannotSpill}) are
 * called with no lock held, since they print under {@link Output}'s lock, which a printing
 * thread holds while it reads a capture.
 */
class CaptureStore implements AutoCloseable {
  /**
   * System property: the memory budget for a run's captured output, in bytes, or with a unit
   * ({@code 512k}, {@code 64m}, {@code 1g}, powers of 1024).
   */
  static final String MEMORY = "kanal.run.capture-memory";

  static final long DEFAULT_MEMORY = 64L << 20;
  /** No capture holds more than this in memory, so one big job leaves room for the others. */
  static final long DEFAULT_PER_CAPTURE = 8L << 20;

  private final Path parent;
  private final long budget;
  private final long perCapture;
  private final Consumer<String> warn;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();
  private volatile Path dir; // written under this
  private volatile boolean closed; // written under this
  private final Set<Capture> spilled = new HashSet<>(); // guarded by this
  private long files; // guarded by this

  /**
   * A store whose spill directory will be made in {@code parent}.
   *
   * @param budget bytes all its captures may hold in memory together
   * @param perCapture bytes one capture may hold in memory
   * @param warn told, once, a one-line reason why output had to stay in memory
   */
  CaptureStore(Path parent, long budget, long perCapture, Consumer<String> warn) {
    if (budget < 0 || perCapture < 0) {
      throw new IllegalArgumentException("negative budget");
    }
    this.parent = parent;
    this.budget = budget;
    this.perCapture = perCapture;
    this.warn = warn;
  }

  /**
   * The store of a run: the budget of {@link #MEMORY}, or unset 64 MiB but no more than an
   * eighth of the heap (a capture's array may be up to twice what it holds, and the rest of
   * kanal needs room too), at most 8 MiB (or the budget) per capture, spilling under
   * {@link #temporaryFiles}.
   *
   * @throws UsageException if {@link #MEMORY} is not a size
   */
  static CaptureStore forRun(Consumer<String> warn) {
    String set = System.getProperty(MEMORY);
    long budget = set != null ? size(set) : Math.min(DEFAULT_MEMORY, Runtime.getRuntime().maxMemory() / 8);
    return new CaptureStore(temporaryFiles(), budget, Math.min(DEFAULT_PER_CAPTURE, budget), warn);
  }

  /**
   * Where temporary files go: {@code java.io.tmpdir} if it was set, else {@code $TMPDIR}, else
   * {@code /tmp}. The JDK ignores {@code TMPDIR} on Linux ({@code java.io.tmpdir} is
   * {@code /tmp} there unless set), while users of a command-line tool expect it to be obeyed,
   * as {@code sort} and {@code parallel} do; so {@code /tmp} is taken as unset.
   */
  static Path temporaryFiles() {
    String java = System.getProperty("java.io.tmpdir");
    String env = System.getenv("TMPDIR");
    if ((java == null || java.equals("/tmp") || java.equals("/tmp/")) && env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(java != null ? java : "/tmp");
  }

  /** {@code 1048576}, {@code 512k}, {@code 64m}, {@code 1g}: bytes. */
  static long size(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    try {
      long n = Long.parseLong(digits);
      if (n >= 0 && n <= Long.MAX_VALUE >> shift && !digits.startsWith("+")) {
        return n << shift;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UsageException("-D" + MEMORY + ": expected a size in bytes such as 1048576 or 64m, got \"" + text + "\"");
  }

  /** A new, empty capture. */
  Capture newCapture() {
    return new Capture(this);
  }

  /** Who reads each new capture: see {@link Capture#release(int)}. */
  private volatile int holders = Capture.PRINTER;

  /** The run has a log: each capture is released once both the printer and the log are done. */
  void readAlsoByLog() {
    holders = Capture.PRINTER | Capture.LOG;
  }

  int holders() {
    return holders;
  }

  long perCapture() {
    return perCapture;
  }

  /** Takes {@code n} bytes of the budget, if they are left. */
  boolean tryReserve(long n) {
    long u;
    do {
      u = used.get();
      if (u + n > budget) {
        return false;
      }
    } while (!used.compareAndSet(u, u + n));
    peak.accumulateAndGet(u + n, Math::max);
    return true;
  }

  /** Takes {@code n} bytes, over the budget if need be: output that cannot go to a file. */
  void forceReserve(long n) {
    peak.accumulateAndGet(used.addAndGet(n), Math::max);
  }

  /** Gives {@code n} bytes back. */
  void unreserve(long n) {
    used.addAndGet(-n);
  }

  /** Bytes the live captures hold in memory now. */
  long memoryUsed() {
    return used.get();
  }

  /** The most {@link #memoryUsed} has been. */
  long peakMemory() {
    return peak.get();
  }

  /** The spill directory, or null if nothing spilled yet. */
  Path directory() {
    return dir;
  }

  /** A new spill file, open for writing. */
  record Spill(Path path, OutputStream out) {}

  /**
   * Makes a new file for {@code c} in the spill directory (made now if need be) and counts it
   * as {@code c}'s until {@link #forget}.
   *
   * @throws IOException if it cannot be made, or the store is closed
   */
  synchronized Spill newSpill(Capture c) throws IOException {
    if (closed) {
      throw new IOException("the run is over");
    }
    Path d = dir;
    if (d == null) {
      d = Files.createTempDirectory(parent, "kanal-run-");
      dir = d;
    }
    Path f = d.resolve("output-" + (++files));
    OutputStream out = create(f);
    spilled.add(c);
    return new Spill(f, out);
  }

  /**
   * Makes a new spill file and opens it for writing, unbuffered; tests make one that fails. A
   * {@link FileOutputStream}, not a {@code FileChannel}: a channel is closed by an interrupt of
   * the thread writing it, and a job's worker (which writes its first output itself, see
   * {@code NativeSpawner}) is interrupted to stop the job, whose output must still be kept.
   */
  OutputStream create(Path file) throws IOException {
    Files.createFile(file);
    return new FileOutputStream(file.toFile());
  }

  /** {@code c} deleted its file. */
  synchronized void forget(Capture c) {
    spilled.remove(c);
  }

  /**
   * A capture could not write its file and keeps its output in memory: says so once (more
   * would repeat the same cause, for every job). Called with no lock held.
   */
  void cannotSpill(IOException e) {
    // After the end of the run, only a job abandoned then still writes: nobody needs to know.
    if (!closed && warned.compareAndSet(false, true)) {
      Path where = dir != null ? dir : parent;
      warn.accept("kanal run: cannot write job output to a temporary file in " + where + " ("
          + IoErrors.describe(e) + "): keeping it in memory");
    }
  }

  /**
   * Releases every capture that has a file, deletes the directory, and makes no file after
   * this (a capture that would spill keeps its output in memory). Idempotent.
   */
  @Override
  public void close() {
    List<Capture> left;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      left = new ArrayList<>(spilled);
    }
    for (Capture c : left) {
      c.release(); // outside the store's lock: see the class comment
    }
    String failed = deleteNow();
    if (failed != null) {
      warn.accept("kanal run: cannot delete the temporary directory " + dir + ": " + failed);
    }
  }

  /**
   * Deletes the spill directory and whatever it holds, and makes no file after this: for
   * {@link #close}, and for SIGTERM and a third Ctrl-C, which must not wait for a capture being
   * printed. It takes only the store's lock, which no one holds while waiting for anything (see
   * the class comment), so a reader of a killed job's pipe cannot make a file in between. A
   * file still open for writing is unlinked; its space comes back when it is closed or kanal
   * exits.
   *
   * @return null, or why something could not be deleted
   */
  synchronized String deleteNow() {
    closed = true;
    Path d = dir;
    if (d == null) {
      return null;
    }
    String failed = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
      for (Path f : files) {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          failed = IoErrors.describe(e);
        }
      }
      Files.deleteIfExists(d);
    } catch (IOException e) {
      failed = IoErrors.describe(e);
    }
    return failed;
  }
}

package dev.kanal.cli.run;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One output stream (standard output or error) of one attempt of a job, as kanal keeps it until
 * it is printed: in memory while the run's captures stay within their {@link CaptureStore}'s
 * budget, in a file of the store's directory past it.
 *
 * <p><b>Layout.</b> The bytes, in the order written, are the first {@code fileLen} bytes of
 * {@code file}, then the {@code memLen} bytes of {@code mem}. A capture starts in memory; when a
 * write would take it past the per-capture cap or the run's budget, what it has in memory and
 * everything after goes to a file ({@link #spill}), and its memory goes back to the budget.
 * Once in a file it stays there: a later write never goes back to memory, which would reorder
 * it. If the file cannot be made or written (disk full, no permission, no directory), the bytes
 * stay in memory, over the budget if need be: output is never lost. If the file could not be
 * made, there is no file; if a write to it failed, {@code fileLen} stays what the file surely
 * took before that write (anything after it in the file is never read), and that write and all
 * later ones go to memory: the layout above still holds.
 *
 * <p><b>Threads.</b> Every method takes this object's lock. The JDK spawner's reader thread
 * writes while the attempt's thread may read what was written so far (an attempt that was
 * stopped) and the log's event goroutine reads an ended attempt's output. {@link #end} seals
 * the capture: a write after it is dropped, so what a stopped attempt reports does not grow
 * behind its back (a reader abandoned after a kill, whose pipe something still holds, may
 * still be writing). The store is called under this lock, never the other way round; its
 * warning is called after the lock is let go (see {@link CaptureStore}).
 *
 * <p><b>Lifetime.</b> {@link #release} gives the memory back and deletes the file; nothing may
 * read the capture after that ({@link IllegalStateException}).
 */
final class Capture {
  private static final byte[] NONE = new byte[0];
  private static final int COPY = 64 * 1024;

  private final CaptureStore store;
  private byte[] mem = NONE;
  private int memLen; // counted in the store's memoryUsed
  private Path file;
  private OutputStream writer; // open while the file takes writes
  private long fileLen;
  private boolean memoryOnly; // a file failed: no (more) file for this capture
  private boolean ended;
  private boolean released;
  /** Who still reads it: {@link #PRINTER}, and {@link #LOG} when the run has a log. */
  private int holders;

  /** The printer (the job's printout, or the next attempt, which makes this one unprintable). */
  static final int PRINTER = 1;

  /** The log's event goroutine, which writes each attempt's output once, at any time. */
  static final int LOG = 2;

  Capture(CaptureStore store) {
    this.store = store;
    this.holders = store.holders();
  }

  /** Appends {@code len} bytes of {@code b} from {@code off}; dropped once {@link #end}ed. */
  void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    IOException failed;
    synchronized (this) {
      failed = append(b, off, len);
    }
    if (failed != null) {
      store.cannotSpill(failed);
    }
  }

  /** @return null, or why the file failed (the bytes are then in memory) */
  private IOException append(byte[] b, int off, int len) {
    if (ended || len == 0) {
      return null;
    }
    if (writer != null) {
      try {
        toFile(b, off, len);
        return null;
      } catch (IOException e) {
        // The file keeps its first fileLen bytes, which it surely took; whatever part of this
        // write it took too lies past them and is never read. This write and all later ones
        // stay here.
        closeWriter();
        memoryOnly = true;
        keep(b, off, len, true);
        return e;
      }
    }
    if (memoryOnly) {
      keep(b, off, len, true);
      return null;
    }
    if (memLen + (long) len <= store.perCapture() && store.tryReserve(len)) {
      keep(b, off, len, false);
      return null;
    }
    try {
      spill(b, off, len);
      return null;
    } catch (IOException e) {
      memoryOnly = true;
      keep(b, off, len, true);
      return e;
    }
  }

  /** Moves what is in memory, then {@code b}, to a new file; on failure leaves no file. */
  private void spill(byte[] b, int off, int len) throws IOException {
    CaptureStore.Spill s = store.newSpill(this);
    file = s.path();
    writer = s.out();
    try {
      toFile(mem, 0, memLen);
      toFile(b, off, len);
    } catch (IOException e) {
      // Everything is still in memory (or in b): that is simpler to keep than half a file.
      closeWriter();
      deleteFile();
      fileLen = 0;
      throw e;
    }
    store.unreserve(memLen);
    mem = NONE;
    memLen = 0;
  }

  /** Writes to the file; {@code fileLen} counts only what surely reached it. */
  private void toFile(byte[] b, int off, int len) throws IOException {
    if (len > 0) {
      writer.write(b, off, len);
      fileLen += len;
    }
  }

  /**
   * Appends to memory.
   *
   * @param overBudget true if the bytes were not taken from the budget yet: they are now, past
   *     it if need be
   */
  private void keep(byte[] b, int off, int len, boolean overBudget) {
    if (len == 0) {
      return;
    }
    if (overBudget) {
      store.forceReserve(len);
    }
    if (memLen + len > mem.length) {
      long need = memLen + (long) len;
      long want = Math.max(need, Math.max(256, 2L * mem.length));
      if (!overBudget) {
        want = Math.min(want, Math.max(need, store.perCapture())); // never more than it may hold
      }
      mem = Arrays.copyOf(mem, (int) Math.min(want, Integer.MAX_VALUE - 8));
    }
    System.arraycopy(b, off, mem, memLen, len);
    memLen += len;
  }

  /**
   * No more writes: closes the file writer. A write after this is dropped (see the class
   * comment).
   */
  synchronized void end() {
    ended = true;
    closeWriter();
  }

  /** How many bytes were written. */
  synchronized long size() {
    checkLive();
    return fileLen + memLen;
  }

  synchronized boolean isEmpty() {
    return size() == 0;
  }

  /** Whether some of it is in a file. */
  synchronized boolean spilled() {
    return file != null;
  }

  /**
   * Writes everything to {@code out}, streaming the file, never loading it whole.
   *
   * @throws IOException if {@code out} fails
   * @throws UncheckedIOException if the file cannot be read back
   */
  synchronized void writeTo(OutputStream out) throws IOException {
    checkLive();
    if (fileLen == 0) {
      out.write(mem, 0, memLen);
      return;
    }
    InputStream in;
    try {
      in = open();
    } catch (IOException e) {
      throw unreadable(e);
    }
    try (in) {
      byte[] buf = new byte[COPY];
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException e) {
          throw unreadable(e);
        }
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
      }
    }
  }

  private UncheckedIOException unreadable(IOException e) {
    // The exceptions' messages already name the file.
    return new UncheckedIOException("cannot read back a job's output: " + IoErrors.describe(e), e);
  }

  /** Everything written, as a stream of its own. */
  synchronized InputStream open() throws IOException {
    checkLive();
    // mem's first memLen bytes never change (appends go after them, or to a new array).
    InputStream tail = new ByteArrayInputStream(mem, 0, memLen);
    if (fileLen == 0) {
      return tail;
    }
    return new SequenceInputStream(new Prefix(new FileInputStream(file.toFile()), fileLen, file), tail);
  }

  /** Everything written, in one array: for small uses and tests. */
  byte[] toByteArray() {
    try (InputStream in = open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /**
   * {@code holder} is done with this output; the last holder releases it. Idempotent for each
   * holder: the printer and the log each let go once, in either order.
   */
  void release(int holder) {
    synchronized (this) {
      holders &= ~holder;
      if (holders != 0 || released) {
        return;
      }
    }
    release();
  }

  /** Gives the memory back to the store and deletes the file, whoever still holds it. Idempotent. */
  void release() {
    long freed;
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
      ended = true;
      closeWriter();
      freed = memLen;
      mem = NONE;
      memLen = 0;
      deleteFile();
      fileLen = 0;
    }
    store.unreserve(freed);
  }

  private void checkLive() {
    if (released) {
      throw new IllegalStateException("this output was released");
    }
  }

  private void closeWriter() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        // An unbuffered file stream: what fileLen counts is in the file already.
      }
      writer = null;
    }
  }

  private void deleteFile() {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // The store deletes its directory, and what is left in it, at the end of the run.
      }
      store.forget(this);
      file = null;
    }
  }

  /** The first {@code len} bytes of a file, which must have them. */
  private static final class Prefix extends FilterInputStream {
    private long left;
    private final Path file;

    Prefix(InputStream in, long len, Path file) {
      super(in);
      this.left = len;
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException(file + " is shorter than what was written to it");
      }
      left -= n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = in.skip(Math.min(n, left));
      left -= s;
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}

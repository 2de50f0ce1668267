package dev.kanal.cli.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything {@code kanal run} writes on its standard output and error goes through here, under
 * one lock: a job's output (whole), notices, the progress bar, the summary. So nothing is ever
 * interleaved, and the progress bar's line is erased before anything else is printed (it is
 * redrawn at its next tick).
 *
 * <p>If standard output breaks (the reader went away, as in {@code kanal run ... | head -1}),
 * {@link #job} returns false and later output is dropped: the run then stops, as a program
 * killed by SIGPIPE would.
 */
final class Output {
  private static final byte[] ERASE_LINE = "\r\033[K".getBytes(StandardCharsets.US_ASCII);

  private final ReentrantLock lock = new ReentrantLock();
  private final OutputStream out;
  private final OutputStream err;
  private boolean barShown; // guarded by lock
  private boolean outBroken; // guarded by lock

  Output(OutputStream out, OutputStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Prints one job's standard output, then its standard error, each in one piece (streamed
   * from its file if it spilled to one, under the lock, so nothing comes in between).
   *
   * @param stdout the job's standard output, or null for none
   * @param stderr the job's standard error, or null for none
   * @return false if standard output is broken
   */
  boolean job(Capture stdout, Capture stderr, String notice) {
    lock.lock();
    try {
      eraseBar();
      if (stdout != null && !stdout.isEmpty() && !outBroken) {
        try {
          stdout.writeTo(out);
          out.flush();
        } catch (IOException e) {
          outBroken = true;
        } catch (UncheckedIOException e) {
          unreadable(e);
        }
      }
      if (stderr != null && !stderr.isEmpty()) {
        try {
          stderr.writeTo(err);
          err.flush();
        } catch (IOException e) {
          // Standard error is gone: there is nobody left to tell.
        } catch (UncheckedIOException e) {
          unreadable(e);
        }
      }
      if (notice != null) {
        writeErr((notice + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return !outBroken;
    } finally {
      lock.unlock();
    }
  }

  /** A line of kanal's own on standard error. */
  void notice(String line) {
    lock.lock();
    try {
      eraseBar();
      writeErr((line + "\n").getBytes(StandardCharsets.UTF_8));
    } finally {
      lock.unlock();
    }
  }

  /**
   * A last line of kanal's own, written at once even while another thread prints (then perhaps
   * in the middle of its output): for a kanal about to halt, which must not wait for the lock.
   */
  void noticeNow(String line) {
    if (lock.tryLock()) {
      try {
        eraseBar();
        writeErr((line + "\n").getBytes(StandardCharsets.UTF_8));
      } finally {
        lock.unlock();
      }
    } else {
      writeErr(("\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Draws the progress bar over its line. */
  void bar(String rendered) {
    lock.lock();
    try {
      writeErr(("\r" + rendered + "\033[K").getBytes(StandardCharsets.UTF_8));
      barShown = true;
    } finally {
      lock.unlock();
    }
  }

  /** Leaves the progress bar's last drawing on its line, and moves to the next line. */
  void endBar() {
    lock.lock();
    try {
      if (barShown) {
        barShown = false;
        writeErr(new byte[] {'\n'});
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A job's output could not be read back from its file (deleted or damaged under kanal): said
   * after what could be printed.
   */
  private void unreadable(UncheckedIOException e) {
    writeErr(("kanal run: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private void eraseBar() {
    if (barShown) {
      barShown = false;
      writeErr(ERASE_LINE);
    }
  }

  private void writeErr(byte[] b) {
    try {
      err.write(b);
      err.flush();
    } catch (IOException e) {
      // Standard error is gone: there is nobody left to tell.
    }
  }
}

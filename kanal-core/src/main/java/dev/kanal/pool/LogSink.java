package dev.kanal.pool;

import dev.kanal.Channel;
import dev.kanal.ChannelClosedException;
import dev.kanal.Go;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A log of every event, result and error of a pool, written by one writer goroutine: seed 001's
 * {@code logWriter}, made safe.
 *
 * <pre>{@code
 * try (var pool = WorkerPool.<Person, String>builder(PersonJobs::process)
 *         .log(LogSink.open(Path.of("log.txt"), LogFormat.HUMAN, System.out))   // file + console
 *         .build()) { ... }
 * }</pre>
 *
 * <h2>Implementation</h2>
 *
 * <p>{@link #log(String)} sends the line on a buffered channel ({@code logCh} in the seed); the
 * writer goroutine ranges over it, writes each line to the file (and to the optional console
 * stream), and flushes whenever the channel is momentarily empty, so a burst costs one flush and a
 * quiet log is always on disk. A full channel makes {@code log} wait: that is back-pressure on the
 * pool's event goroutine, never on a worker, since workers only hand events to that goroutine.
 *
 * <p>A line is <em>accepted</em> when {@code log} returns. {@link #close()} closes the channel and
 * waits for the writer, which drains every buffered line before it flushes and closes the file: no
 * accepted line is ever lost. {@code log} after {@code close} throws. An {@link IOException} while
 * writing is printed once to standard error, the writer keeps draining (so nobody blocks forever),
 * and {@code close} rethrows it. A pool given a sink with {@link WorkerPoolBuilder#log} closes it
 * when the pool terminates. Guarded by {@code LogSinkTest}.
 */
public final class LogSink implements AutoCloseable {
  private static final int BUFFER = 1024;

  private final Channel<String> lines = Channel.buffered(BUFFER);
  private final Channel<Void> written = Channel.unbuffered();
  private final Writer out;
  private final PrintStream tee;
  private final LogFormat format;
  private final String name;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicLong count = new AtomicLong();
  private volatile IOException failure;

  private LogSink(Writer out, LogFormat format, PrintStream tee, String name) {
    this.out = out;
    this.format = Objects.requireNonNull(format, "format");
    this.tee = tee;
    this.name = name;
    Go.go(this::writeAll);
  }

  /**
   * A sink that writes {@code format}'s lines to {@code file} (created or truncated).
   *
   * @throws UncheckedIOException if the file cannot be opened (the message names it)
   */
  public static LogSink open(Path file, LogFormat format) {
    return open(file, format, null);
  }

  /**
   * A sink that writes {@code format}'s lines to {@code file} and also prints each one to {@code
   * console} (e.g. {@code System.out}), as the seed's {@code logWriter} does.
   *
   * @throws UncheckedIOException if the file cannot be opened (the message names it)
   */
  public static LogSink open(Path file, LogFormat format, PrintStream console) {
    Objects.requireNonNull(file, "file");
    try {
      return new LogSink(
          Files.newBufferedWriter(file, StandardCharsets.UTF_8), format, console, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the log file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A sink that writes to {@code out}, which it closes when it is closed. */
  public static LogSink of(Writer out, LogFormat format) {
    Objects.requireNonNull(out, "out");
    return new LogSink(
        out instanceof BufferedWriter ? out : new BufferedWriter(out),
        format,
        null,
        out.toString());
  }

  /** A sink that only prints to {@code console} (which it does not close). */
  public static LogSink console(PrintStream console, LogFormat format) {
    Objects.requireNonNull(console, "console");
    Writer nowhere = Writer.nullWriter();
    return new LogSink(nowhere, format, console, "console");
  }

  /**
   * Formats {@code event} and logs the line (if the format gives one).
   *
   * @throws IllegalStateException if the sink is closed
   */
  public void write(PoolEvent event) {
    String line = format.format(event);
    if (line != null) {
      log(line);
    }
  }

  /**
   * Logs one line (a line break inside it is replaced, so that a line stays a line). Blocks while
   * the buffer is full.
   *
   * @throws IllegalStateException if the sink is closed
   */
  public void log(String line) {
    try {
      lines.send(PoolText.oneLine(line));
    } catch (ChannelClosedException e) {
      throw new IllegalStateException("log sink " + name + " is closed: log before close()", e);
    }
  }

  /** How many lines have been written so far. */
  public long linesWritten() {
    return count.get();
  }

  /**
   * Stops taking lines, waits until every accepted line is written and flushed, and closes the
   * file. Idempotent.
   *
   * @throws UncheckedIOException if a write failed
   */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      lines.close();
    }
    written.receiveOrNull();
    IOException e = failure;
    if (e != null) {
      throw new UncheckedIOException("writing the log " + name + " failed: " + e.getMessage(), e);
    }
  }

  private void writeAll() {
    Thread.currentThread().setName("kanal-log-writer");
    try {
      for (String line : lines) {
        if (failure == null) {
          try {
            out.write(line);
            out.write('\n');
            if (lines.len() == 0) {
              out.flush();
            }
          } catch (IOException e) {
            failure = e;
            System.err.println(
                "kanal: writing the log " + name + " failed, later lines are dropped: " + e);
          }
        }
        if (tee != null) {
          tee.println(line);
        }
        if (failure == null || tee != null) {
          count.incrementAndGet();
        }
      }
    } finally {
      try {
        out.flush();
        out.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        }
      }
      written.close();
    }
  }

  @Override
  public String toString() {
    return "LogSink[" + name + "]";
  }
}

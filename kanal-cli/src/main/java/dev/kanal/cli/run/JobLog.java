package dev.kanal.cli.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The job log ({@code --joblog FILE}): one line per job that ran, written when the job is over,
 * tab-separated after a header, as GNU parallel's {@code --joblog}:
 *
 * <pre>
 * Seq  Starttime       JobRuntime  Attempts  Exitval  Command
 * 1    1700000000.123  0.215       1         0        echo Alice
 * 3    1700000000.130  0.511       2         1        echo Charlie
 * </pre>
 *
 * <p>{@code Seq} is the job's number (its line in the input, its index in {@code jobs});
 * {@code Starttime} the start of its first attempt, in seconds since the epoch;
 * {@code JobRuntime} the seconds from then to the end of its last attempt (retry delays
 * included); {@code Exitval} its last attempt's exit code, {@code -1} when kanal killed it
 * (timeout, fail-fast, Ctrl-C). A job that never started has no line.
 *
 * <p>Each line is flushed as it is written, so the log is complete up to the last finished job
 * even if kanal itself is killed; {@link #succeeded} reads it back for {@code --resume}, which
 * appends to the same file (a job that ran again has a later line, and the last line wins).
 */
final class JobLog implements AutoCloseable {
  static final List<String> HEADER =
      List.of("Seq", "Starttime", "JobRuntime", "Attempts", "Exitval", "Command");

  /** The first columns of a job log line, as far as a killed kanal may have written them. */
  private static final Pattern CUT_SHORT =
      Pattern.compile("(\\d+(\t[\\d.]*(\t[\\d.]*(\t\\d*(\t-?\\d*)?)?)?)?)?");

  private final Path file;
  private final Writer out;
  private IOException failure;

  private JobLog(Path file, Writer out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Opens {@code file}: truncated for a new run, appended to for {@code --resume}. The header
   * is written when the file is new or empty.
   *
   * @throws UsageException if the file cannot be opened
   */
  static JobLog open(Path file, boolean append) {
    try {
      boolean fresh = !append || !Files.exists(file) || Files.size(file) == 0;
      boolean cutShort = !fresh && !endsWithNewline(file);
      BufferedWriter w =
          append
              ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
              : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      JobLog log = new JobLog(file, w);
      if (fresh) {
        log.line(String.join("\t", HEADER));
      } else if (cutShort) {
        log.line(""); // ends the line that a killed run left unfinished (resume ignores it)
      }
      return log;
    } catch (IOException e) {
      throw new UsageException("cannot open the job log " + file + ": " + IoErrors.describe(e), e);
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (var ch = java.nio.channels.FileChannel.open(file)) {
      java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
      ch.read(last, ch.size() - 1);
      return last.get(0) == '\n';
    }
  }

  /** Records a job that ran. */
  void write(long seq, Instant start, Duration runTime, int attempts, int exitCode, String command) {
    String line =
        seq + "\t" + seconds(start.getEpochSecond(), start.getNano()) + "\t"
            + seconds(runTime.getSeconds(), runTime.getNano()) + "\t" + attempts + "\t" + exitCode + "\t"
            + oneLine(command);
    line(line);
  }

  private void line(String line) {
    if (failure != null) {
      return;
    }
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      failure = e;
    }
  }

  private static String seconds(long s, int nanos) {
    return s + "." + String.format("%03d", nanos / 1_000_000);
  }

  /** Tabs and line breaks would break the format: they are written as \t, \n, \r. */
  static String oneLine(String s) {
    if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\\') < 0) {
      return s;
    }
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  /**
   * Closes the file.
   *
   * @throws UncheckedIOException if a line could not be written
   */
  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("writing the job log " + file + " failed: " + failure.getMessage(), failure);
    }
  }

  /**
   * The numbers of the jobs that {@code file} says succeeded: their last line has exit value 0.
   * A missing file means none (a first run with {@code --resume} is a plain run). A line cut
   * short (kanal killed while writing it) is ignored.
   *
   * @throws UsageException if the file is not a job log, naming the line that is wrong
   */
  static Set<Long> succeeded(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Set.of();
    } catch (IOException e) {
      throw new UsageException("cannot read the job log " + file + " for --resume: " + IoErrors.describe(e), e);
    }
    Set<Long> ok = new HashSet<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0) {
        if (!line.startsWith("Seq\t")) {
          throw new UsageException(
              file + " is not a kanal job log: its first line should be the header " + String.join(" ", HEADER));
        }
        continue;
      }
      String[] cols = line.split("\t", HEADER.size());
      if (cols.length < HEADER.size()) {
        // Empty, or cut short when kanal was killed while writing it: then it is the start of
        // a job log line, and a later --resume ended it. Anything else is not kanal's.
        if (!CUT_SHORT.matcher(line).matches()) {
          throw new UsageException(file + ":" + (i + 1) + ": not a job log line: expected " + HEADER.size()
              + " tab-separated columns (" + String.join(" ", HEADER) + ")");
        }
        continue;
      }
      try {
        long seq = Long.parseLong(cols[0]);
        if (Integer.parseInt(cols[4]) == 0) {
          ok.add(seq);
        } else {
          ok.remove(seq);
        }
      } catch (NumberFormatException e) {
        throw new UsageException(
            file + ":" + (i + 1) + ": not a job log line: Seq and Exitval (columns 1 and 5) must be numbers");
      }
    }
    return ok;
  }
}

package dev.kanal.cli.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * Where the jobs come from: the {@code jobs} of the config, the lines of {@code --input FILE},
 * or the lines of standard input, read as they come (a job starts before the input ends, as
 * with {@code xargs}), numbered 1, 2, 3... Every line is a job, an empty one too, as in GNU
 * parallel. Lines are read as UTF-8.
 */
abstract sealed class JobSource implements Iterable<JobSpec>, AutoCloseable {

  /**
   * The source {@code s} asks for; a file is opened now, so that a missing one is reported
   * before anything starts.
   *
   * @throws UsageException if the input file cannot be read, or a config job does not fit the
   *     command
   */
  static JobSource open(RunSettings s, InputStream stdin) {
    if (s.jobs() != null) {
      for (JobSpec j : s.jobs()) {
        s.template().check(j);
      }
      return new Listed(s.jobs());
    }
    if (s.input() != null) {
      Path p = s.input();
      if (Files.isDirectory(p)) {
        throw new UsageException("cannot read the input " + p + ": it is a directory");
      }
      try {
        // Only a regular file can be read twice: a pipe, a FIFO or /dev/stdin would give its
        // lines to the count and none to the run.
        OptionalLong total =
            Files.isRegularFile(p) ? OptionalLong.of(countLines(p)) : OptionalLong.empty();
        return new Lines(Files.newInputStream(p), total);
      } catch (IOException e) {
        throw new UsageException("cannot read the input " + p + ": " + IoErrors.describe(e), e);
      }
    }
    return new Lines(stdin, OptionalLong.empty());
  }

  /** Lines as {@link Lines#readLine} will see them (for the progress bar's total). */
  private static long countLines(Path p) throws IOException {
    long lines = 0;
    int last = '\n';
    byte[] buf = new byte[65536];
    try (InputStream in = Files.newInputStream(p)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lines++;
          }
        }
        last = buf[n - 1];
      }
    }
    return last == '\n' ? lines : lines + 1;
  }

  /** How many jobs there are, when known before reading them. */
  abstract OptionalLong size();

  /** Jobs are numbered by position; the iterator may throw {@link UncheckedIOException}. */
  @Override
  public abstract Iterator<JobSpec> iterator();

  @Override
  public void close() {}

  static final class Listed extends JobSource {
    private final List<JobSpec> jobs;

    Listed(List<JobSpec> jobs) {
      this.jobs = jobs;
    }

    @Override
    OptionalLong size() {
      return OptionalLong.of(jobs.size());
    }

    @Override
    public Iterator<JobSpec> iterator() {
      return jobs.iterator();
    }
  }

  static final class Lines extends JobSource {
    private final BufferedReader reader;
    private final OptionalLong size;

    Lines(InputStream in, OptionalLong size) {
      this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536);
      this.size = size;
    }

    @Override
    OptionalLong size() {
      return size;
    }

    @Override
    public Iterator<JobSpec> iterator() {
      return new Iterator<>() {
        private String next;
        private long number;

        @Override
        public boolean hasNext() {
          if (next == null) {
            try {
              next = readLine(reader);
            } catch (IOException e) {
              throw new UncheckedIOException("reading the input failed: " + IoErrors.describe(e), e);
            }
          }
          return next != null;
        }

        @Override
        public JobSpec next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          String line = next;
          next = null;
          return JobSpec.line(++number, line);
        }
      };
    }

    /**
     * The next line, ended by {@code \n} or {@code \r\n} (the {@code \r} removed), or the rest of
     * the input (a last {@code \r} removed too); null at its end. Not {@link BufferedReader#readLine}, which also ends a line at a
     * lone {@code \r}: a line that holds one would become two jobs and shift every later job's
     * number, where the count of lines (and {@code parallel}, {@code xargs}) see one.
     */
    static String readLine(BufferedReader in) throws IOException {
      StringBuilder line = null;
      int c;
      while ((c = in.read()) >= 0) {
        if (line == null) {
          line = new StringBuilder(80);
        }
        if (c == '\n') {
          break;
        }
        line.append((char) c);
      }
      if (line == null) {
        return null;
      }
      int end = line.length();
      if (end > 0 && line.charAt(end - 1) == '\r') {
        line.setLength(end - 1);
      }
      return line.toString();
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        // Nothing more will be read from it.
      }
    }
  }
}

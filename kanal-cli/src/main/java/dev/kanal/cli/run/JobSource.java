package dev.kanal.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
 * parallel. Lines are read as UTF-8, strictly: a line that is not valid UTF-8 is an error that
 * names it, never a job whose bytes were silently replaced (a file name with a Latin-1 byte would
 * have reached the command as another name).
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
        if (!Files.isRegularFile(p)) {
          return new Lines(Files.newInputStream(p), OptionalLong.empty());
        }
        Scan scan = scan(p);
        if (!scan.ascii()) {
          checkUtf8(p);
        }
        OptionalLong total = OptionalLong.of(scan.lines());
        return new Lines(Files.newInputStream(p), total);
      } catch (IOException e) {
        throw new UsageException("cannot read the input " + p + ": " + IoErrors.describe(e), e);
      }
    }
    return new Lines(stdin, OptionalLong.empty());
  }

  /** What one pass over a file's bytes tells: its lines, and whether it is all ASCII. */
  private record Scan(long lines, boolean ascii) {}

  /** Lines as {@link Lines#readLine} will see them (the progress bar's total), and if all ASCII. */
  private static Scan scan(Path p) throws IOException {
    long lines = 0;
    int last = '\n';
    int or = 0;
    byte[] buf = new byte[65536];
    try (InputStream in = Files.newInputStream(p)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          or |= b;
          if (b == '\n') {
            lines++;
          }
        }
        last = buf[n - 1];
      }
    }
    return new Scan(last == '\n' ? lines : lines + 1, or >= 0);
  }

  /** Reads a file's lines as the run will, so that a bad line stops the run before any job. */
  private static void checkUtf8(Path p) {
    try (Lines lines = new Lines(Files.newInputStream(p), OptionalLong.empty())) {
      for (JobSpec ignored : lines) {
        // Each line is decoded, and that is the check.
      }
    } catch (IOException | UncheckedIOException e) {
      throw new UsageException("cannot read the input " + p + ": " + e.getMessage(), e);
    }
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
    private final InputStream in;
    private final OptionalLong size;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[65536];
    private int pos;
    private int limit;
    private boolean eof;
    private byte[] line = new byte[256];

    Lines(InputStream in, OptionalLong size) {
      this.in = in;
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
              next = readLine();
            } catch (CharacterCodingException e) {
              throw new UncheckedIOException(
                  "line " + (number + 1) + " is not valid UTF-8 (kanal reads its input as UTF-8;"
                      + " convert it, e.g. with iconv -f latin1 -t utf-8)", e);
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
          String l = next;
          next = null;
          return JobSpec.line(++number, l);
        }
      };
    }

    /**
     * The next line, ended by {@code \n} or {@code \r\n} (the {@code \r} removed), or the rest of
     * the input (a last {@code \r} removed too); null at its end. A lone {@code \r} stays in its
     * line, as the count of lines (and {@code parallel}, {@code xargs}) see it; a line with one
     * would otherwise become two jobs and shift every later job's number. Each line is decoded
     * on its own, so a bad byte is reported with its line's number, after the lines before it
     * ran; and bytes are read in blocks, as they arrive, so a job starts as soon as its line is
     * there.
     */
    String readLine() throws IOException {
      int n = 0;
      int high = 0; // the OR of the line's bytes: negative if any is not ASCII
      boolean any = false;
      while (true) {
        if (pos == limit) {
          // Once at the end, never read again: on a terminal, another read would wait for a
          // second Ctrl-D after a last line without a line break.
          int r = eof ? -1 : in.read(buf);
          if (r < 0) {
            eof = true;
            if (!any) {
              return null;
            }
            break;
          }
          pos = 0;
          limit = r;
          continue; // r may be 0 (from a stream that breaks the contract): read again
        }
        any = true;
        int start = pos;
        int end = start;
        while (end < limit && buf[end] != '\n') {
          high |= buf[end];
          end++;
        }
        int len = end - start;
        if (n + len > line.length) {
          line = java.util.Arrays.copyOf(line, Math.max(n + len, 2 * line.length));
        }
        System.arraycopy(buf, start, line, n, len);
        n += len;
        if (end < limit) {
          pos = end + 1; // past the \n
          break;
        }
        pos = limit;
      }
      if (n > 0 && line[n - 1] == '\r') {
        n--;
      }
      if (high >= 0) {
        return new String(line, 0, n, StandardCharsets.ISO_8859_1); // ASCII: the same in UTF-8
      }
      return strict.decode(ByteBuffer.wrap(line, 0, n)).toString();
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        // Nothing more will be read from it.
      }
    }
  }
}

package dev.kanal.cli.run;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where {@code kanal run} reads lines and writes: the process's own standard streams, or, in
 * tests, streams of their own.
 *
 * @param in where lines come from when there is neither {@code --input} nor {@code jobs}
 * @param out where the jobs' standard output goes
 * @param err where the jobs' standard error, notices, the progress bar and the summary go
 * @param terminal whether this is an interactive terminal (the progress bar's default)
 * @param trapSignals whether to take over SIGINT (Ctrl-C) for the run; only a real run does
 */
public record RunIo(InputStream in, OutputStream out, OutputStream err, boolean terminal, boolean trapSignals) {

  /**
   * The process's standard streams, unbuffered: kanal writes each job's output in one piece
   * and flushes it itself. {@link System#console()} is non-null only when standard input and
   * output are both a terminal, which is when a progress bar is wanted.
   */
  public static RunIo system() {
    return new RunIo(
        new FileInputStream(FileDescriptor.in),
        new FileOutputStream(FileDescriptor.out),
        new FileOutputStream(FileDescriptor.err),
        System.console() != null,
        true);
  }
}

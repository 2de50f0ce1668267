package dev.kanal.cli.run;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
   * and flushes it itself. It is a terminal when standard output and error both are.
   */
  public static RunIo system() {
    return new RunIo(
        new FileInputStream(FileDescriptor.in),
        new FileOutputStream(FileDescriptor.out),
        new FileOutputStream(FileDescriptor.err),
        isTerminal(1) && isTerminal(2),
        true);
  }

  /**
   * Whether file descriptor {@code fd} is a terminal. {@link System#console()} will not do:
   * it is null whenever standard input is not a terminal, and {@code kanal run} usually reads
   * its jobs from a pipe while it prints on a terminal. Linux tells through /proc; elsewhere,
   * {@code System.console()} is the best guess there is.
   */
  static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}

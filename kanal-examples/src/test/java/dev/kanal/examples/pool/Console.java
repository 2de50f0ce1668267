package dev.kanal.examples.pool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a demo's main in this JVM and returns what it printed, line by line. */
final class Console {
  private Console() {}

  /** What {@link #run} saw: the lines printed and how long main took. */
  record Output(List<String> lines, long millis) {}

  interface Main {
    void main(String[] args) throws Exception;
  }

  static synchronized Output run(Main main, String... args) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      main.main(args);
    } finally {
      System.setOut(saved);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    String text = bytes.toString(StandardCharsets.UTF_8);
    return new Output(text.isEmpty() ? List.of() : List.of(text.split("\\R")), millis);
  }
}

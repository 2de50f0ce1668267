package dev.kanal.cli;

import dev.kanal.examples.Demo;
import java.io.PrintWriter;
import java.util.List;

/**
 * Runs one demo in this JVM, on this thread: shared by {@code kanal demo NAME} through picocli
 * ({@link DemoCommand}) and by the entry point's fast path ({@link Main}), which must not touch
 * a picocli type (see {@link Main} for why).
 */
final class DemoRunner {
  private DemoRunner() {}

  /**
   * Runs {@code demo} with {@code args}: 0 when its {@code main} returns, 1 with the whole
   * failure on {@code err} when it throws (a demo that throws is a bug in the demo, not a user
   * error), 2 with one line and without running it when {@code args} has more than the demo
   * reads ({@link Demo#arguments}).
   */
  static int run(Demo demo, String[] args, PrintWriter err) {
    List<String> takes = demo.arguments();
    if (args.length > takes.size()) {
      err.println(
          "kanal demo "
              + demo.name()
              + ": unexpected argument '"
              + args[takes.size()]
              + "' ("
              + (takes.isEmpty() ? "it takes none" : "it takes at most: " + String.join(" ", takes))
              + ")");
      err.flush();
      return 2;
    }
    try {
      demo.program().main(args);
      return 0;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // keep the status for whoever runs the CLI
      }
      System.out.flush();
      err.println("kanal demo " + demo.name() + ": the demo failed: " + e);
      e.printStackTrace(err);
      return 1;
    } finally {
      System.out.flush();
      System.err.flush();
      err.flush();
    }
  }
}

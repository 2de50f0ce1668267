package dev.kanal.pattern;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves that no goroutine of {@code dev.kanal.pattern} is left: virtual threads cannot be
 * listed with {@code Thread.getAllStackTraces()}, but the JDK's thread dump (JSON) includes
 * them, with their stacks. A goroutine of a pattern has a frame of a pattern class (not of a
 * test class) on its stack.
 *
 * <p>The management API is reached by reflection: the tests are compiled into the module
 * {@code dev.kanal}, which (having no dependency at all) does not read {@code jdk.management};
 * they run on the class path, where everything is readable.
 */
final class LeakCheck {
  private LeakCheck() {}

  private static final Object BEAN;
  private static final Method DUMP_THREADS;
  private static final Object JSON;

  static {
    try {
      Class<?> beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
      Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
      BEAN =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getPlatformMXBean", Class.class)
              .invoke(null, beanType);
      DUMP_THREADS = beanType.getMethod("dumpThreads", String.class, format);
      JSON = format.getField("JSON").get(null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The stacks of the live virtual threads that run code of a pattern class. */
  static List<String> patternGoroutines() {
    String json;
    try {
      Path dir = Files.createTempDirectory("kanal-threads");
      Path file = dir.resolve("dump.json");
      try {
        DUMP_THREADS.invoke(BEAN, file.toString(), JSON);
        json = Files.readString(file);
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("thread dump failed", e);
    }
    List<String> found = new ArrayList<>();
    for (String thread : json.split("\"tid\":")) {
      if (!thread.contains("\"virtual\": true")) {
        continue;
      }
      for (String line : thread.split("\n")) {
        String frame = line.strip();
        if (frame.startsWith("\"dev.kanal.pattern.") && !frame.contains("Test")) {
          found.add(thread);
          break;
        }
      }
    }
    return found;
  }

  /** Waits (generously) until no goroutine of a pattern is alive; fails with their stacks. */
  static void assertNoPatternGoroutineLeft() {
    await("every goroutine of dev.kanal.pattern has ended")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> patternGoroutines(), List::isEmpty);
  }
}

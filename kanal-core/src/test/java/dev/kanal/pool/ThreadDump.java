package dev.kanal.pool;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of every live thread, virtual threads included, from the JDK's JSON thread dump ({@code
 * HotSpotDiagnosticMXBean.dumpThreads}): {@code Thread.getAllStackTraces()} does not list virtual
 * threads. Reached by reflection because the tests are compiled inside module {@code dev.kanal},
 * which does not read {@code jdk.management}; they run on the class path.
 */
final class ThreadDump {
  private ThreadDump() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static List<String> names() throws Exception {
    Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
    Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
    Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
    Object mx = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, bean);
    Method dump = bean.getMethod("dumpThreads", String.class, format);
    Path file = Files.createTempFile("threads", ".json");
    Files.delete(file);
    try {
      dump.invoke(mx, file.toString(), Enum.valueOf((Class) format, "JSON"));
      Matcher m = Pattern.compile("\"name\": *\"([^\"]*)\"").matcher(Files.readString(file));
      List<String> names = new ArrayList<>();
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}

package dev.kanal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code kanal --version}: Kanal's version (from the build) and the Java runtime it runs on. */
public final class VersionProvider implements IVersionProvider {

  /** Kanal's version as Maven built it, or "unknown" outside a build. */
  public static String kanalVersion() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read kanal's version.properties", e);
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "kanal " + kanalVersion(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}

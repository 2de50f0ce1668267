package dev.kanal.examples;

import java.util.List;
import java.util.Optional;

/** Every seed program, in the order {@code kanal demo} lists them. */
public final class Demos {
  private Demos() {}

  public static final List<Demo> ALL =
      List.of(
          // (name, seed, program) — one line per demo; keep the seeds' order.
          );

  /** The demo called {@code name}, if any. */
  public static Optional<Demo> find(String name) {
    return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}

package dev.kanal.examples;

import java.util.List;
import java.util.Optional;

/** Every seed program, in the order {@code kanal demo} lists them. */
public final class Demos {
  private Demos() {}

  public static final List<Demo> ALL =
      List.of(
          // (name, seed, program) — one line per demo; keep the seeds' order.
          new Demo(
              "person-timeout",
              "001 worker pool: global timeout with context.WithTimeout",
              dev.kanal.examples.seed001.PersonTimeout::main),
          new Demo(
              "person-cancel",
              "001 worker pool: cancellation on a critical error (error channel)",
              dev.kanal.examples.seed001.PersonCancel::main),
          new Demo(
              "person-retry",
              "001 worker pool: retry once, every result and error in log.txt",
              dev.kanal.examples.seed001.PersonRetry::main),
          new Demo(
              "runner",
              "004 concurrency patterns: Runner (timeout exits 1, Ctrl-C exits 2)",
              dev.kanal.examples.seed004.RunnerDemo::main),
          new Demo(
              "resource-pool",
              "004 concurrency patterns: Pooling (25 goroutines, 2 pooled resources)",
              dev.kanal.examples.seed004.ResourcePoolDemo::main),
          new Demo(
              "work-pool",
              "004 concurrency patterns: Work (2 goroutines print names)",
              dev.kanal.examples.seed004.WorkPoolDemo::main),
          new Demo(
              "dispatcher",
              "004 another way to write workers: Dispatcher (MAX_WORKERS, MAX_QUEUE)",
              dev.kanal.examples.seed004.DispatcherDemo::main));

  /** The demo called {@code name}, if any. */
  public static Optional<Demo> find(String name) {
    return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}

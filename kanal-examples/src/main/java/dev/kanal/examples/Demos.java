package dev.kanal.examples;

import dev.kanal.examples.pool.PoolPerson;
import dev.kanal.examples.pool.PoolPersonCancel;
import dev.kanal.examples.pool.PoolPersonRetry;
import dev.kanal.examples.pool.PoolPersonTimeout;
import dev.kanal.examples.pool.PoolSeed002;
import dev.kanal.examples.pool.PoolWorkerPools;
import java.util.List;
import java.util.Optional;

/** Every seed program, in the order {@code kanal demo} lists them. */
public final class Demos {
  private Demos() {}

  public static final List<Demo> ALL =
      List.of(
          // (name, seed, program) — one line per demo; keep the seeds' order.
          // The seed programs rewritten on WorkerPool (dev.kanal.pool), kept together at the end.
          new Demo("pool-worker-pools", "000 worker pools (Go by Example), on WorkerPool", PoolWorkerPools::main),
          new Demo("pool-person", "001 person worker pool, on WorkerPool", PoolPerson::main),
          new Demo("pool-person-timeout", "001 person pool with a global timeout, on WorkerPool", PoolPersonTimeout::main),
          new Demo("pool-person-cancel", "001 person pool cancelled by a critical error, on WorkerPool", PoolPersonCancel::main),
          new Demo("pool-person-retry", "001 person pool with retries and log.txt, on WorkerPool", PoolPersonRetry::main),
          new Demo("pool-seed002", "002 WorkerPool (doubling jobs), on WorkerPool", PoolSeed002::main));

  /** The demo called {@code name}, if any. */
  public static Optional<Demo> find(String name) {
    return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}

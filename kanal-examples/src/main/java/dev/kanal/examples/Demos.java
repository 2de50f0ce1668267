package dev.kanal.examples;

import dev.kanal.examples.pool.PoolPerson;
import dev.kanal.examples.pool.PoolPersonCancel;
import dev.kanal.examples.pool.PoolPersonRetry;
import dev.kanal.examples.pool.PoolPersonTimeout;
import dev.kanal.examples.pool.PoolSeed002;
import dev.kanal.examples.pool.PoolWorkerPools;
import dev.kanal.examples.seed000.WorkerPools;
import dev.kanal.examples.seed001.PersonCancel;
import dev.kanal.examples.seed001.PersonPool;
import dev.kanal.examples.seed001.PersonRetry;
import dev.kanal.examples.seed001.PersonTimeout;
import dev.kanal.examples.seed002.BufferedInts;
import dev.kanal.examples.seed002.ChannelHello;
import dev.kanal.examples.seed002.Count;
import dev.kanal.examples.seed002.GoroutineHello;
import dev.kanal.examples.seed002.SelectDefault;
import dev.kanal.examples.seed002.SelectFirst;
import dev.kanal.examples.seed002.WorkerPool;
import dev.kanal.examples.seed003.Goroutines;
import dev.kanal.examples.seed003.WaitGroups;
import dev.kanal.examples.seed004.BufferedChannels;
import dev.kanal.examples.seed004.ChannelDirections;
import dev.kanal.examples.seed004.ChannelSync;
import dev.kanal.examples.seed004.Channels;
import dev.kanal.examples.seed004.ClosingRange;
import dev.kanal.examples.seed004.DispatcherDemo;
import dev.kanal.examples.seed004.FutureQuery;
import dev.kanal.examples.seed004.Generator;
import dev.kanal.examples.seed004.Multiplexing;
import dev.kanal.examples.seed004.NonBlocking;
import dev.kanal.examples.seed004.RangeDeadlock;
import dev.kanal.examples.seed004.ResourcePoolDemo;
import dev.kanal.examples.seed004.RunnerDemo;
import dev.kanal.examples.seed004.SelectLoop;
import dev.kanal.examples.seed004.SendDeadlock;
import dev.kanal.examples.seed004.SharedVariable;
import dev.kanal.examples.seed004.Sieve;
import dev.kanal.examples.seed004.Tickers;
import dev.kanal.examples.seed004.Timeouts;
import dev.kanal.examples.seed004.Timers;
import dev.kanal.examples.seed004.WorkPoolDemo;
import java.util.List;
import java.util.Optional;

/** Every seed program, in the order {@code kanal demo} lists them. */
public final class Demos {
  private Demos() {}

  public static final List<Demo> ALL =
      List.of(
          // (name, seed, [arguments,] program) — one line per demo; keep the seeds' order.
          new Demo("worker-pools", "000 worker pools (Go by Example)", WorkerPools::main),
          new Demo("pool-worker-pools", "000 worker pools, on WorkerPool", List.of("WORK"), PoolWorkerPools::main),
          new Demo("person-pool", "001 person worker pool (WaitGroup)", PersonPool::main),
          new Demo("pool-person", "001 person pool, on WorkerPool", PoolPerson::main),
          new Demo("person-timeout", "001 person pool, global timeout", List.of("TIMEOUT"), PersonTimeout::main),
          new Demo("pool-person-timeout", "001 timeout, on WorkerPool", List.of("TIMEOUT"), PoolPersonTimeout::main),
          new Demo("person-cancel", "001 person pool, critical error", PersonCancel::main),
          new Demo("pool-person-cancel", "001 critical, on WorkerPool", PoolPersonCancel::main),
          new Demo("person-retry", "001 person pool, retry once + log.txt", List.of("LOG"), PersonRetry::main),
          new Demo("pool-person-retry", "001 retry, on WorkerPool", List.of("LOG"), PoolPersonRetry::main),
          new Demo("hello-goroutine", "002 goroutine (direBonjour)", GoroutineHello::main),
          new Demo("hello-channel", "002 channel between goroutines", ChannelHello::main),
          new Demo("count", "002 two goroutines, one channel (count A/B)", Count::main),
          new Demo("buffered-ints", "002 buffered channel", BufferedInts::main),
          new Demo("select-first", "002 select (ch1/ch2)", SelectFirst::main),
          new Demo("select-default", "002 select with default", SelectDefault::main),
          new Demo("seed002-worker-pool", "002 WorkerPool with job outputs", WorkerPool::main),
          new Demo("pool-seed002", "002 WorkerPool, on WorkerPool", PoolSeed002::main),
          new Demo("goroutines", "003 goroutines (afficheMessage)", Goroutines::main),
          new Demo("waitgroups", "003 sync.WaitGroup (travaille)", WaitGroups::main),
          new Demo("channels", "004 channels (ping)", Channels::main),
          new Demo("send-deadlock", "004 unbuffered-send deadlock (exit 2, as Go; add 'fixed' for the fix)", List.of("fixed"),
              SendDeadlock::main),
          new Demo("range-deadlock", "004 range-without-close deadlock", RangeDeadlock::main),
          new Demo("buffered-channels", "004 channel buffering", BufferedChannels::main),
          new Demo("channel-sync", "004 channel synchronization", ChannelSync::main),
          new Demo("channel-directions", "004 channel directions", ChannelDirections::main),
          new Demo("select", "004 select", SelectLoop::main),
          new Demo("timeouts", "004 timeouts", Timeouts::main),
          new Demo("non-blocking", "004 non-blocking channel operations", NonBlocking::main),
          new Demo("closing-range", "004 closing channels and range", ClosingRange::main),
          new Demo("timers", "004 timers", Timers::main),
          new Demo("tickers", "004 tickers", Tickers::main),
          new Demo("generator", "004 generator", Generator::main),
          new Demo("multiplexing", "004 multiplexing", Multiplexing::main),
          new Demo("future", "004 future", FutureQuery::main),
          new Demo("sieve", "004 chain filter (prime sieve)", Sieve::main),
          new Demo("shared-variable", "004 shared variable", SharedVariable::main),
          new Demo("runner", "004 Runner (timeout exits 1, Ctrl-C 2)", List.of("TIMEOUT", "UNIT"), RunnerDemo::main),
          new Demo("resource-pool", "004 resource Pool (25 users)", ResourcePoolDemo::main),
          new Demo("work-pool", "004 Work pool (2 goroutines print names; ~4 min as the seed, or: work-pool 2 100ms)", List.of("ROUNDS", "PAUSE"),
              WorkPoolDemo::main),
          new Demo("dispatcher", "004 Dispatcher (MAX_WORKERS, MAX_QUEUE)", List.of("JOBS"), DispatcherDemo::main));

  /** The demo called {@code name}, if any. */
  public static Optional<Demo> find(String name) {
    return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}

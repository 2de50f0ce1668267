package dev.kanal.examples.seed004;

import dev.kanal.Time;
import dev.kanal.examples.DemoArgs;
import dev.kanal.pattern.Runner;
import java.time.Duration;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Seed 004's Runner program: three tasks that sleep 0, 1 and 2 seconds, under a 3-second
 * timeout, so it always ends with "Terminating due to timeout." and exit status 1; Ctrl-C
 * (SIGINT) stops it after the task in progress, with exit status 2.
 *
 * <p>{@code kanal demo runner [TIMEOUT [UNIT]]}: the timeout (default {@code 3s}) and how long a
 * task sleeps per unit of its id (default {@code 1s}), as Go durations.
 *
 * <p>The seed's {@code signal.Notify(r.interrupt, os.Interrupt)} is done here with the JDK's
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}, the only way a Java program can
 * handle SIGINT itself): the handler feeds the runner's interrupt channel.
 */
public final class RunnerDemo {
  private RunnerDemo() {}

  static final Duration TIMEOUT = Duration.ofSeconds(3);

  public static void main(String[] args) {
    Duration timeout;
    Duration unit;
    try {
      timeout = DemoArgs.duration(args, 0, "TIMEOUT", TIMEOUT);
      unit = DemoArgs.duration(args, 1, "UNIT", Duration.ofSeconds(1));
    } catch (DemoArgs.UsageException e) {
      DemoArgs.exitWithUsage("runner", e);
      return;
    }

    Log.println("Starting work.");

    // Create a new timer value for this run.
    Runner r = new Runner(timeout);

    // We want to receive all interrupt based signals.
    SignalHandler previous = Signal.handle(new Signal("INT"), sig -> r.interrupt());

    // Add the tasks to be run.
    r.add(createTask(unit), createTask(unit), createTask(unit));

    // Run the tasks and handle the result.
    Runner.Failure err = r.start();
    Signal.handle(new Signal("INT"), previous); // the seed's signal.Stop
    if (err != null) {
      switch (err) {
        case Runner.TimeoutException e -> {
          Log.println("Terminating due to timeout.");
          System.exit(1);
        }
        case Runner.InterruptException e -> {
          Log.println("Terminating due to interrupt.");
          System.exit(2);
        }
      }
    }

    Log.println("Process ended.");
  }

  /** A task that sleeps for {@code id} units (seconds in the seed). */
  static Runner.Task createTask(Duration unit) {
    return id -> {
      Log.printf("Processor - Task #%d.", id);
      Time.sleep(unit.multipliedBy(id));
    };
  }
}

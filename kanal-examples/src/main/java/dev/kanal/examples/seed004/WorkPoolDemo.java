package dev.kanal.examples.seed004;

import static dev.kanal.Go.go;

import dev.kanal.Time;
import dev.kanal.examples.DemoArgs;
import dev.kanal.WaitGroup;
import dev.kanal.pattern.WorkPool;
import java.time.Duration;
import java.util.List;

/**
 * Seed 004's Work program: 2 goroutines print 100 rounds of 5 names, one name a second; each
 * submission returns once a goroutine has taken the name (unbuffered hand-off).
 *
 * <p>{@code kanal demo work-pool [ROUNDS [PAUSE]]}: the number of rounds (default 100, the
 * seed's, which takes about 250 seconds) and how long each task sleeps (default {@code 1s}).
 */
public final class WorkPoolDemo {
  private WorkPoolDemo() {}

  /** names provides a set of names to display. */
  static final List<String> NAMES = List.of("steve", "bob", "mary", "therese", "jason");

  /** namePrinter provides special support for printing names: the seed's Worker. */
  record NamePrinter(String name, Duration pause) implements Runnable {
    @Override
    public void run() {
      Log.println(name);
      Time.sleep(pause);
    }
  }

  public static void main(String[] args) {
    int rounds;
    Duration pause;
    try {
      rounds = DemoArgs.count(args, 0, "ROUNDS", 100);
      pause = DemoArgs.duration(args, 1, "PAUSE", Duration.ofSeconds(1));
    } catch (DemoArgs.UsageException e) {
      DemoArgs.exitWithUsage("work-pool", e);
      return;
    }

    // Create a work pool with 2 goroutines.
    WorkPool p = new WorkPool(2);

    WaitGroup wg = new WaitGroup();
    wg.add(rounds * NAMES.size());

    for (int i = 0; i < rounds; i++) {
      // Iterate over the slice of names.
      for (String name : NAMES) {
        // Create a namePrinter and provide the specific name.
        NamePrinter np = new NamePrinter(name, pause);

        go(
            () -> {
              // Submit the task to be worked on. When run returns we know it is being handled.
              p.run(np);
              wg.done();
            });
      }
    }

    wg.await();

    // Shutdown the work pool and wait for all existing work to be completed.
    p.shutdown();
  }
}

package dev.kanal.cli.run;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar on standard error: jobs done out of the total (unknown until the input
 * ends, when it is read from standard input), how many succeeded, failed and run now, and an
 * ETA. The progressbar library's refresh thread draws it through {@link Output}, so that the
 * jobs' output never lands in the middle of the bar. {@link #off()} does nothing at all and
 * loads no class of the library: a piped run starts faster.
 */
abstract sealed class Progress permits Progress.Off, Progress.Bar {

  /** A bar drawn through {@code output}; {@code running} says how many jobs run now. */
  static Progress bar(Output output, long knownTotal, IntSupplier running) {
    return new Bar(output, knownTotal, running);
  }

  static Progress off() {
    return new Off();
  }

  /** The total is at least {@code total} now. */
  abstract void total(long total);

  /** One more job has its outcome. */
  abstract void done(boolean succeeded);

  /** Draws the final state and ends the bar's line. */
  abstract void close();

  static final class Off extends Progress {
    @Override
    void total(long total) {}

    @Override
    void done(boolean succeeded) {}

    @Override
    void close() {}
  }

  static final class Bar extends Progress {
    private final Output output;
    private final IntSupplier running;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ProgressBar bar;

    Bar(Output output, long knownTotal, IntSupplier running) {
      this.output = output;
      this.running = running;
      this.bar =
          new ProgressBarBuilder()
              .setTaskName("kanal run")
              .setInitialMax(knownTotal)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .setConsumer(new Consumer(width()))
              .build();
      bar.setExtraMessage(counts());
    }

    private String counts() {
      return " ok " + succeeded.get() + ", failed " + failed.get() + ", running " + running.getAsInt();
    }

    private static int width() {
      try {
        int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
        return Math.max(40, columns - 1);
      } catch (NumberFormatException e) {
        return 79;
      }
    }

    @Override
    void total(long total) {
      bar.maxHint(total);
    }

    @Override
    void done(boolean ok) {
      (ok ? succeeded : failed).incrementAndGet();
      bar.setExtraMessage(counts());
      bar.step();
    }

    @Override
    void close() {
      bar.setExtraMessage(counts());
      bar.close(); // draws the final state
      output.endBar();
    }

    /**
     * Hands each rendering to {@link Output}, which owns the terminal's line, and refreshes the
     * counts for the next one (a quarter of a second later).
     */
    private final class Consumer implements ProgressBarConsumer {
      private final int width;

      Consumer(int width) {
        this.width = width;
      }

      @Override
      public int getMaxRenderedLength() {
        return width;
      }

      @Override
      public void accept(String rendered) {
        output.bar(rendered);
        ProgressBar b = bar; // null while the constructor still runs
        if (b != null) {
          b.setExtraMessage(counts());
        }
      }

      @Override
      public void close() {}
    }
  }
}

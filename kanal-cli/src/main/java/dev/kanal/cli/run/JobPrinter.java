package dev.kanal.cli.run;

import java.util.HashMap;
import java.util.Map;

/**
 * Prints each finished job's output through {@link Output}: at once, or with
 * {@code --keep-order} in submission order. Used by one thread only (the one that reads the
 * pool's outcomes).
 *
 * <p>In order, a job that finishes early waits here until every job submitted before it has
 * been printed; {@code next} is the sequence number due. Every submitted job ends with exactly
 * one outcome (the pool's guarantee), so every number comes, and nothing stays behind.
 */
final class JobPrinter {

  /** What to print for one job. */
  record Printout(byte[] stdout, byte[] stderr, String notice) {
    static final Printout NOTHING = new Printout(new byte[0], new byte[0], null);
  }

  private final Output output;
  private final boolean keepOrder;
  private final Map<Long, Printout> waiting = new HashMap<>();
  private long next = 1;
  private boolean ok = true;

  JobPrinter(Output output, boolean keepOrder) {
    this.output = output;
    this.keepOrder = keepOrder;
  }

  /**
   * Prints (or holds) the output of the job with sequence number {@code seq}.
   *
   * @return false once standard output is broken
   */
  boolean print(long seq, Printout p) {
    if (!keepOrder) {
      return emit(p);
    }
    waiting.put(seq, p);
    Printout due;
    while ((due = waiting.remove(next)) != null) {
      next++;
      emit(due);
    }
    return ok;
  }

  private boolean emit(Printout p) {
    if (p != Printout.NOTHING) {
      ok &= output.job(p.stdout(), p.stderr(), p.notice());
    }
    return ok;
  }
}

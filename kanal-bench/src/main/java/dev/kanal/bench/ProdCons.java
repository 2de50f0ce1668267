package dev.kanal.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of Go's benchmarkChanProdCons: as many producers and as many consumers as cores on
 * one shared channel; each producer sends its share, then a sentinel; a consumer stops at the
 * first sentinel it receives. Shared by ChanProdCons0/10/100, which differ only in capacity.
 */
final class ProdCons {
  /**
   * Messages per run, split among the producers. Long enough that starting the crew is noise (see
   * {@link Crew}); a second for ChanProdCons0 on platform threads.
   */
  static final int MESSAGES = 161_280;

  private ProdCons() {}

  static void run(Crew crew, Pipe ch) {
    int procs = Split.cores();
    List<Runnable> parties = new ArrayList<>(2 * procs);
    for (int p = 0; p < procs; p++) {
      int n = Split.share(MESSAGES, procs, p);
      parties.add(
          () -> {
            for (int i = 0; i < n; i++) {
              ch.send(Values.ONE);
            }
            ch.send(Values.STOP);
          });
      parties.add(
          () -> {
            while (ch.receive().intValue() != 0) {
              // Go's consumer does no local work in these shapes either.
            }
          });
    }
    crew.run(parties);
  }
}

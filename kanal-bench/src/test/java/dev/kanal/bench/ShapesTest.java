package dev.kanal.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.bench.pool.PoolOverhead;
import dev.kanal.Channel;
import dev.kanal.Go;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.results.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every benchmark shape runs to its end, once, on Kanal, jox and a JDK entry: a shape that
 * loses or duplicates a message hangs (a consumer never sees its sentinel, main never gets its
 * last result) and fails on the timeout. Speed is JMH's business; this only checks the
 * harness. The slow ones (Sieve3000, WorkerPool with 2 and 64 workers, Spawn's million) are
 * covered by their smaller siblings here and by {@code kanal-bench/compare --smoke}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShapesTest {

  @ParameterizedTest
  @ValueSource(strings = {"kanal", "jox", "sq-vt", "ltq-pt"})
  void unbufferedShapes(String impl) {
    ChanSync sync = new ChanSync();
    sync.impl = impl;
    sync.setup();
    sync.run();
    sync.tearDown();

    ChanProdCons0 prodCons = new ChanProdCons0();
    prodCons.impl = impl;
    prodCons.setup();
    prodCons.run();
    prodCons.tearDown();

    PingPong pingPong = new PingPong();
    pingPong.impl = impl;
    pingPong.setup();
    pingPong.run();
    pingPong.tearDown();

    ChanNonblocking nonblocking = new ChanNonblocking();
    nonblocking.impl = impl;
    nonblocking.setup();
    nonblocking.run();
    nonblocking.tearDown();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kanal", "jox", "abq-vt", "lbq-pt", "ltq-vt"})
  void bufferedShapes(String impl) {
    ChanProdCons10 prodCons10 = new ChanProdCons10();
    prodCons10.impl = impl;
    prodCons10.setup();
    prodCons10.run();
    prodCons10.tearDown();

    ChanProdCons100 prodCons100 = new ChanProdCons100();
    prodCons100.impl = impl;
    prodCons100.setup();
    prodCons100.run();
    prodCons100.tearDown();

    ChanUncontended uncontended = new ChanUncontended();
    uncontended.impl = impl;
    uncontended.setup();
    uncontended.run();
    uncontended.tearDown();

    ChanContended contended = new ChanContended();
    contended.impl = impl;
    contended.setup();
    contended.run();
    contended.tearDown();

    ChanCreation creation = new ChanCreation();
    creation.impl = impl;
    creation.setup();
    creation.run();
    creation.tearDown();

    WorkerPool pool = new WorkerPool();
    pool.impl = impl;
    pool.workers = 4;
    pool.setup();
    pool.run();
    pool.tearDown();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kanal", "jox", "abq-vt", "abq-pt"})
  void selectShapes(String impl) {
    SelectUncontended uncontended = new SelectUncontended();
    uncontended.impl = impl;
    uncontended.setup();
    uncontended.run();
    uncontended.tearDown();

    SelectAsyncContended async = new SelectAsyncContended();
    async.impl = impl;
    async.setup();
    async.run();
    async.tearDown();

    ChanSem sem = new ChanSem();
    sem.impl = impl;
    sem.setup();
    sem.run();
    sem.tearDown();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kanal", "jox"})
  void shapesWithoutJdkEntry(String impl) {
    SelectSyncContended sync = new SelectSyncContended();
    sync.impl = impl;
    sync.setup();
    sync.run();
    sync.tearDown();

    ChanClosed closed = new ChanClosed();
    closed.impl = impl;
    closed.setup();
    closed.run();
    closed.tearDown();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kanal", "jox", "sq+abq-vt", "sq+abq-pt"})
  void selectNonblock(String impl) {
    SelectNonblock nonblock = new SelectNonblock();
    nonblock.impl = impl;
    nonblock.setup();
    nonblock.run();
    nonblock.tearDown();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kanal", "jox", "sq-vt", "ltq-vt"})
  void sieveFindsThePrimes(String impl) {
    int limit = Sieve.nthPrime(100);
    assertThat(limit).isEqualTo(541);
    assertThat(Sieve.run(impl, limit, Values.boxes(limit))).isEqualTo(100);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kanal", "jox", "latch-vt", "unpark-vt", "lbq-vt"})
  void crowdParksAndIsReleased(String impl) {
    Parked crowd = new Parked(impl, 2_000);
    crowd.start();
    crowd.awaitParked();
    crowd.release();
    crowd.awaitFinished();
  }

  @Test
  void nthPrimeIsThePlainSieve() {
    assertThat(Sieve.nthPrime(1)).isEqualTo(2);
    assertThat(Sieve.nthPrime(1000)).isEqualTo(7919);
    assertThat(Sieve.nthPrime(3000)).isEqualTo(27449);
  }

  @Test
  void sharesAddUpToTheTotal() {
    for (int parties = 1; parties <= 64; parties++) {
      int sum = 0;
      for (int i = 0; i < parties; i++) {
        sum += Split.share(ChanUncontended.ROUNDS, parties, i);
      }
      assertThat(sum).as("%d parties", parties).isEqualTo(ChanUncontended.ROUNDS);
    }
  }

  /** A semaphore that lost a permit would leave both threads blocked: the timeout fails it. */
  @ParameterizedTest
  @ValueSource(strings = {"kanal", "semaphore", "abq"})
  void semProbeRunsOnEverySemaphore(String impl) throws Exception {
    SemProbe.Pair pair = SemProbe.pairFor(impl);
    assertThat(pair).isNotNull();
    assertThat(SemProbe.round(pair, 20_000)).isPositive();
    assertThat(SemProbe.round(pair, 20_000)).as("the same semaphore, a second round").isPositive();
    assertThat(SemProbe.pairFor("nope")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"handoff-waiter", "handoff-cell", "ring-split", "ring-fielded", "ring-locked"})
  void lineProbeRunsEveryModelWithoutLosingAValue(String model) throws Exception {
    // Each model's parties throw if a value goes missing or a waiter is claimed twice, and a
    // lost hand-off would hang the round: reaching the end with a time is the check.
    assertThat(LineProbe.round(model, 20_000)).isPositive();
    assertThat(LineProbe.MODELS).contains(model);
  }

  /**
   * The probe's premise: a goroutine started by {@code Go.go} inside a virtual thread of another
   * scheduler runs on that scheduler's carriers (a virtual thread's {@code toString} names its
   * carrier), and a round there finds the primes and times every kind of round trip.
   */
  @ParameterizedTest
  @ValueSource(strings = {"one-carrier", "two-carriers"})
  void carrierProbeRunsGoroutinesOnItsOwnCarriers(String mode) throws Exception {
    ExecutorService carriers = CarrierProbe.carriersFor(mode);
    try {
      Thread.Builder.OfVirtual root = CarrierProbe.builderOn(carriers);
      assertThat(root).as("the test JVM opens java.lang to the probe (kanal-bench's pom)").isNotNull();
      AtomicReference<String> seen = new AtomicReference<>();
      AtomicReference<CarrierProbe.Round> round = new AtomicReference<>();
      root.start(
              () -> {
                Channel<String> where = Channel.unbuffered();
                Go.go(() -> where.send(Thread.currentThread().toString()));
                seen.set(where.receive());
                round.set(CarrierProbe.round(10, Sieve.nthPrime(10), Values.boxes(29), 2, 2_000));
              })
          .join();
      assertThat(seen.get()).contains("@carrier-probe");
      assertThat(round.get().sieveMillis()).isPositive();
      assertThat(round.get().pingPongNanos()).isPositive();
      assertThat(round.get().rawNanos()).isPositive();
      assertThat(CarrierProbe.carriersFor("default")).isNull();
      assertThat(CarrierProbe.MODES).contains(mode);
    } finally {
      carriers.shutdownNow();
    }
  }

  @Test
  void aProbeRoundReportsThePartyThatFailed() {
    assertThatThrownBy(
            () ->
                TwoThreads.race(
                    "Probe",
                    () -> {
                      throw new IllegalStateException("lost a value");
                    },
                    () -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Probe: a party failed")
        .hasRootCauseMessage("lost a value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"platform", "goroutine"})
  void poolOverheadRunsEveryJobOnEitherDriver(String driver) {
    for (String impl : new String[] {"workerpool", "raw-channels", "tpe"}) {
      PoolOverhead shape = new PoolOverhead();
      shape.impl = impl;
      shape.workers = 2;
      shape.work = "noop";
      shape.driver = driver;
      shape.setup();
      try {
        for (int batch = 0; batch < 3; batch++) {
          // Each job returns its input, 1 to 50,000: the sum is lost by a missing or doubled one.
          assertThat(shape.run()).as(impl + " on " + driver).isEqualTo(50_000L * 50_001 / 2);
        }
      } finally {
        shape.tearDown();
      }
    }
  }

  @Test
  void poolOverheadRefusesAnUnknownDriver() {
    PoolOverhead shape = new PoolOverhead();
    shape.impl = "raw-channels";
    shape.workers = 2;
    shape.work = "noop";
    shape.driver = "nope";
    assertThatThrownBy(shape::setup)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown driver nope");
  }

  @Test
  void placementReadsTheRoundTripAroundAnIteration() throws Exception {
    assertThat(Placement.roundTripNanos(2_000)).isPositive();
    PlacementProfiler profiler = new PlacementProfiler();
    profiler.beforeIteration(null, null);
    var results = profiler.afterIteration(null, null, null);
    assertThat(results).hasSize(1);
    Result<?> tag = results.iterator().next();
    assertThat(tag.getLabel()).isEqualTo("placement");
    assertThat(tag.getScoreUnit()).isEqualTo("ns/trip");
    assertThat(tag.getScore()).isPositive();
  }

  @Test
  void lineProbeRefusesAnUnknownModel() {
    assertThatThrownBy(() -> LineProbe.round("nope", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model 'nope'");
  }

  @Test
  void aQueueThatCannotModelTheCapacityIsRefused() {
    assertThatThrownBy(() -> Pipe.of("sq-vt", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only unbuffered shapes");
    assertThatThrownBy(() -> Pipe.of("abq-pt", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only buffered shapes");
    assertThatThrownBy(() -> Pipe.of("nope", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown implementation 'nope'");
  }
}

package dev.kanal.examples.seed004;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.examples.DemoProcess;
import dev.kanal.examples.DemoProcess.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs every seed-004 demo as its own program and checks what it prints and how it ends. */
class Seed004DemosTest {
  private static final String GO_DEADLOCK = "fatal error: all goroutines are asleep - deadlock!";

  @BeforeAll
  static void launchAll() {
    // The slow ones first, so that they overlap with the rest.
    Stream.of(
            Timers.class,
            SelectLoop.class,
            Tickers.class,
            SendDeadlock.class,
            RangeDeadlock.class,
            Timeouts.class,
            ChannelSync.class,
            Channels.class,
            BufferedChannels.class,
            ChannelDirections.class,
            NonBlocking.class,
            ClosingRange.class,
            Generator.class,
            Multiplexing.class,
            FutureQuery.class,
            Sieve.class,
            SharedVariable.class)
        .forEach(DemoProcess::start);
  }

  private static Result ran(Class<?> demo) {
    Result r = DemoProcess.run(demo);
    assertThat(r.exitCode()).as("%s: %s", demo.getSimpleName(), r).isZero();
    return r;
  }

  private static Result ranCleanly(Class<?> demo) {
    Result r = ran(demo);
    assertThat(r.err()).as("%s: stderr", demo.getSimpleName()).isEmpty();
    return r;
  }

  @Test
  void channelsPing() {
    assertThat(ranCleanly(Channels.class).lines()).containsExactly("ping");
  }

  @Test
  void sendDeadlockIsReportedAsGoDoesWithItsExitStatusAndFixedWithDefault() {
    Result r = DemoProcess.run(SendDeadlock.class);
    assertThat(r.exitCode()).as("Go's runtime exits 2 on a deadlock: %s", r).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(GO_DEADLOCK);
    assertThat(r.lines()).isEmpty();

    Result fixed = DemoProcess.run(SendDeadlock.class, "fixed");
    assertThat(fixed.exitCode()).as("%s", fixed).isZero();
    assertThat(fixed.lines()).containsExactly("no message sent");
  }

  @Test
  void rangeWithoutCloseIsReportedAsGoDoesWithItsExitStatus() {
    Result r = DemoProcess.run(RangeDeadlock.class);
    assertThat(r.exitCode()).as("Go's runtime exits 2 on a deadlock: %s", r).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(GO_DEADLOCK);
    assertThat(r.lines()).isEmpty();
  }

  @Test
  void bufferedChannelsHoldValuesWithoutAReceiver() {
    assertThat(ranCleanly(BufferedChannels.class).lines())
        .containsExactly("ping", "buffered", "channel");
  }

  @Test
  void channelSyncWaitsForTheWorker() {
    assertThat(ranCleanly(ChannelSync.class).lines()).containsExactly("working...done");
  }

  @Test
  void channelDirectionsPassTheMessageThrough() {
    assertThat(ranCleanly(ChannelDirections.class).lines()).containsExactly("passed message");
  }

  @Test
  void selectReceivesBothInTheOrderTheyArrive() {
    Result r = ranCleanly(SelectLoop.class);
    assertThat(r.lines()).containsExactly("received one", "received two");
    // "two" comes a second after "one" (2 s and 1 s sleeps started together).
    assertThat(r.between("received one", "received two")).isGreaterThan(Duration.ofMillis(500));
  }

  @Test
  void timeoutFiresBeforeTheSlowResult() {
    assertThat(ranCleanly(Timeouts.class).lines()).containsExactly("timeout 1");
  }

  @Test
  void nonBlockingOperationsTakeTheDefault() {
    assertThat(ranCleanly(NonBlocking.class).lines())
        .containsExactly("no message received", "channel is full !");
  }

  @Test
  void closingAndRangeDrainTheBuffer() {
    assertThat(ranCleanly(ClosingRange.class).lines()).containsExactly("one", "two");
  }

  @Test
  void timerOneFiresAndTimerTwoIsStoppedBeforeItFires() {
    // "Timer 2 fired" would show up: the demo waits 2 s after the stop for it.
    assertThat(ranCleanly(Timers.class).lines())
        .containsExactly("Timer 1 fired", "Timer 2 stopped");
  }

  @Test
  void tickerTicksAboutThreeTimesThenStops() {
    List<String> lines = ranCleanly(Tickers.class).lines();
    assertThat(lines).contains("Ticker stopped");
    List<Instant> ticks =
        lines.stream()
            .filter(l -> l.startsWith("Tick at "))
            .map(l -> l.substring("Tick at ".length()).replaceFirst(" m=[+-][0-9.]+$", ""))
            .map(t -> java.time.ZonedDateTime.parse(t, dev.kanal.examples.GoTime.LAYOUT).toInstant())
            .toList();
    assertThat(ticks).isSorted();
    assertThat(lines).hasSize(ticks.size() + 1);
    // 500, 1000 and 1500 ms in a 1600 ms run; a busy machine may shift one across the edge, or
    // make a tick late and the next grid point's come soon after it (the core's Ticker skips the
    // grid points it missed, as Go's does, but the one after may be close); ticks less than
    // 100 ms apart count as one.
    List<Instant> spaced = new ArrayList<>();
    for (Instant t : ticks) {
      if (spaced.isEmpty() || Duration.between(spaced.getLast(), t).toMillis() >= 100) {
        spaced.add(t);
      }
    }
    assertThat(spaced).hasSizeBetween(2, 4);
  }

  @Test
  void generatorServesOneRandomNumber() {
    assertThat(ranCleanly(Generator.class).lines())
        .singleElement()
        .satisfies(l -> assertThat(Long.parseLong(l)).isNotNegative());
  }

  @Test
  void multiplexingServesFiveRandomNumbers() {
    assertThat(ranCleanly(Multiplexing.class).lines())
        .hasSize(5)
        .allSatisfy(l -> assertThat(Long.parseLong(l)).isNotNegative());
  }

  @Test
  void futureGetsTheQueryResult() {
    assertThat(ranCleanly(FutureQuery.class).lines()).containsExactly("get select * from table");
  }

  @Test
  void sievePrintsTheFirstTenPrimes() {
    assertThat(ranCleanly(Sieve.class).lines())
        .containsExactly("2", "3", "5", "7", "11", "13", "17", "19", "23", "29");
  }

  @Test
  void sharedVariableReadsZeroThenTheWrittenOne() {
    assertThat(ranCleanly(SharedVariable.class).lines()).containsExactly("0", "1");
  }
}

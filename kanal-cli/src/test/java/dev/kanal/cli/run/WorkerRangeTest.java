package dev.kanal.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerRangeTest {

  @Test
  void aNumberIsAFixedPoolAndARangeAnElasticOne() {
    assertThat(WorkerRange.parse("4")).isEqualTo(new WorkerRange(4, 4));
    assertThat(WorkerRange.parse("0..8")).isEqualTo(new WorkerRange(0, 8));
    assertThat(WorkerRange.parse("2..8").elastic()).isTrue();
    assertThat(WorkerRange.parse("2..8")).hasToString("2..8");
    assertThat(WorkerRange.parse("3")).hasToString("3");
  }

  @Test
  void nonsenseIsRefusedWithTheReason() {
    assertThatThrownBy(() -> WorkerRange.parse("0")).hasMessage("'0': at least 1 worker is needed, got 0");
    assertThatThrownBy(() -> WorkerRange.parse("3..1"))
        .hasMessage("'3..1': the minimum (3) is more than the maximum (1): write MIN..MAX");
    assertThatThrownBy(() -> WorkerRange.parse("-2"))
        .hasMessage("'-2': expected a number N or a range MIN..MAX, e.g. 4 or 2..8");
    assertThatThrownBy(() -> WorkerRange.parse("20000")).hasMessage("'20000': at most 10000 workers, got 20000");
  }
}

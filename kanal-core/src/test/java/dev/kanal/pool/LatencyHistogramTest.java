package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void bucketsCoverEveryLongInOrder() {
    long[] probes = {
      0, 1, 15, 16, 17, 31, 32, 1_000, 123_456_789, Long.MAX_VALUE / 3, Long.MAX_VALUE
    };
    int last = -1;
    for (long v : probes) {
      int i = LatencyHistogram.index(v);
      assertThat(i).isBetween(0, LatencyHistogram.BUCKETS - 1).isGreaterThanOrEqualTo(last);
      assertThat(LatencyHistogram.upperBound(i)).isGreaterThanOrEqualTo(v);
      if (i > 0) {
        assertThat(LatencyHistogram.upperBound(i - 1)).isLessThan(v);
      }
      last = i;
    }
  }

  @Test
  void percentilesAreWithinAnEighthOfTheTruth() {
    LatencyHistogram h = new LatencyHistogram();
    Random r = new Random(42);
    long[] values = new long[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) Math.exp(r.nextDouble() * 20); // 1ns .. ~0.5s, log-uniform
      h.record(values[i]);
    }
    Arrays.sort(values);
    Latency l = h.snapshot();
    assertThat(l.count()).isEqualTo(values.length);
    assertThat(l.maxNanos()).isEqualTo(values[values.length - 1]);
    assertThat((double) l.p50Nanos()).isCloseTo(values[49_999], within(values[49_999] * 0.125 + 1));
    assertThat((double) l.p90Nanos()).isCloseTo(values[89_999], within(values[89_999] * 0.125 + 1));
    assertThat((double) l.p99Nanos()).isCloseTo(values[98_999], within(values[98_999] * 0.125 + 1));
  }

  @Test
  void mergingAddsCounts() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(100);
    b.record(1_000_000);
    LatencyHistogram sum = new LatencyHistogram();
    a.addTo(sum);
    b.addTo(sum);
    Latency l = sum.snapshot();
    assertThat(l.count()).isEqualTo(2);
    assertThat(l.maxNanos()).isEqualTo(1_000_000);
    assertThat(new LatencyHistogram().snapshot()).isEqualTo(Latency.NONE);
  }
}

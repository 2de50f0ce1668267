package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void noneMeansOneAttempt() {
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.none().shouldRetry(new IOException(), 1)).isFalse();
  }

  @Test
  void attemptsCountsTheFirstRun() {
    RetryPolicy p = RetryPolicy.attempts(3);
    assertThat(p.shouldRetry(new IOException(), 1)).isTrue();
    assertThat(p.shouldRetry(new IOException(), 2)).isTrue();
    assertThat(p.shouldRetry(new IOException(), 3)).isFalse();
    assertThat(p.shouldRetry(new OutOfMemoryError(), 1))
        .as("errors are not retried by default")
        .isFalse();
    assertThat(p.delayAfter(1)).isZero();
  }

  @Test
  void exponentialDelaysDoubleUpToTheCap() {
    RetryPolicy p =
        RetryPolicy.attempts(10).exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(p.delayAfter(1, 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.delayAfter(2, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.delayAfter(4, 0.5)).isEqualTo(Duration.ofMillis(800));
    assertThat(p.delayAfter(5, 0.5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayAfter(60, 0.5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(
            RetryPolicy.attempts(5)
                .exponentialBackoff(Duration.ofMillis(10), 3.0, Duration.ofSeconds(1))
                .delayAfter(3, 0.5))
        .isEqualTo(Duration.ofMillis(90));
  }

  @Test
  void jitterSpreadsEachDelayWithinItsRange() {
    RetryPolicy p = RetryPolicy.attempts(3).fixedDelay(Duration.ofMillis(100)).jitter(0.2);
    assertThat(p.delayAfter(1, 0.0)).isEqualTo(Duration.ofMillis(80));
    assertThat(p.delayAfter(1, 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.delayAfter(1, 0.999999)).isBetween(Duration.ofMillis(119), Duration.ofMillis(120));
    for (int i = 0; i < 1000; i++) {
      assertThat(p.delayAfter(1)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
    }
  }

  @Test
  void aThrowingPredicateMeansNoRetry() {
    RetryPolicy p =
        RetryPolicy.attempts(3)
            .retryIf(
                e -> {
                  throw new IllegalStateException("oops");
                });
    IOException e = new IOException("x");
    assertThat(p.shouldRetry(e, 1)).isFalse();
    assertThat(e.getSuppressed()).hasSize(1);
  }

  @Test
  void badSettingsGetClearMessages() {
    assertThatThrownBy(() -> RetryPolicy.attempts(0)).hasMessageContaining("at least 1, got 0");
    assertThatThrownBy(() -> RetryPolicy.attempts(2).jitter(1.5))
        .hasMessage("retry jitter must be between 0 and 1, got 1.5");
    assertThatThrownBy(() -> RetryPolicy.attempts(2).fixedDelay(Duration.ofMillis(-1)))
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(
            () ->
                RetryPolicy.attempts(2)
                    .exponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("must not be less than the initial delay");
    assertThatThrownBy(
            () ->
                RetryPolicy.attempts(2)
                    .exponentialBackoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2)))
        .hasMessageContaining("multiplier must be 1 or more");
  }
}

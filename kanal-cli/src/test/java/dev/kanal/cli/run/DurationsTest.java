package dev.kanal.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "2s, PT2S",
    "1.5s, PT1.5S",
    "1m30s, PT1M30S",
    "1h, PT1H",
    "2d, PT48H",
    "1h2m3s4ms, PT1H2M3.004S",
    "0, PT0S",
    "0s, PT0S",
    "' 3s ', PT3S",
  })
  void parsesWhatPeopleWrite(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "5x | '5x' is not a duration: unknown unit 'x' (use d, h, m, s, ms; e.g. 500ms, 2s, 1m30s, 1h)",
    "5 | '5' has no unit: write 5s for seconds or 5ms for milliseconds",
    "-1s | '-1s' is negative: a duration must be 0 or more",
    "1s1m | '1s1m' is not a duration: units go from the largest to the smallest, each once (e.g. 500ms, 2s, 1m30s, 1h)",
    "1s1s | '1s1s' is not a duration: units go from the largest to the smallest, each once (e.g. 500ms, 2s, 1m30s, 1h)",
    "1m30 | '1m30' is not a duration: '30' has no unit (d, h, m, s, ms; e.g. 500ms, 2s, 1m30s, 1h)",
    "s | 's' is not a duration: expected a number and a unit at 's' (e.g. 500ms, 2s, 1m30s, 1h)",
    "99999999d | '99999999d' is too long: at most 100 years",
  })
  void refusesWithAMessageThatSaysHowToWriteIt(String text, String message) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void anEmptyDurationIsRefused() {
    assertThatThrownBy(() -> Durations.parse(" ")).hasMessage("a duration is needed (e.g. 500ms, 2s, 1m30s, 1h)");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0.85S, 850ms",
    "PT2.31S, 2.31s",
    "PT2.3S, 2.3s",
    "PT2.05S, 2.05s",
    "PT2S, 2s",
    "PT1M5S, 1m05s",
    "PT2M, 2m",
    "PT1H2M, 1h02m",
    "PT3H, 3h",
    "PT0.0005S, 0.5ms",
    "PT0.0000001S, 0.0001ms",
    "PT0.000000001S, 0.000001ms",
  })
  void formatsShortly(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
  }

  @Test
  void whatItFormatsItParsesBack() {
    for (String s : new String[] {"850ms", "2.31s", "1m05s", "1h02m", "0.0001ms"}) {
      assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
    }
  }
}

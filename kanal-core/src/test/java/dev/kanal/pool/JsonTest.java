package dev.kanal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void escapesWhatRfc8259Requires() {
    StringBuilder sb = new StringBuilder();
    Json.quote(sb, "a\"b\\c\n\r\t\b\f\u0001\u001f é ✔");
    assertThat(sb).hasToString("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f é ✔\"");
  }

  @Test
  void writesFlatObjects() {
    assertThat(
            new Json()
                .field("a", "x")
                .field("n", 3)
                .field("b", true)
                .field("skip", (String) null)
                .millis("ms", Duration.ofNanos(1_005_000))
                .toString())
        .isEqualTo("{\"a\":\"x\",\"n\":3,\"b\":true,\"ms\":1.005}");
    assertThat(new Json().toString()).isEqualTo("{}");
  }
}

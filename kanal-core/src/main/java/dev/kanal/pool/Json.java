package dev.kanal.pool;

/**
 * A tiny JSON object writer for {@link LogFormat#JSON_LINES}: the core has no dependency, and one
 * flat object per line needs only correct string escaping (RFC 8259 section 7: quote, backslash and
 * every control character escaped; everything else, non-ASCII included, as is). Guarded by {@code
 * JsonTest}.
 */
final class Json {
  private final StringBuilder sb = new StringBuilder(160).append('{');
  private boolean first = true;

  Json field(String name, String value) {
    if (value == null) {
      return this;
    }
    key(name);
    quote(sb, value);
    return this;
  }

  Json field(String name, long value) {
    key(name);
    sb.append(value);
    return this;
  }

  Json field(String name, boolean value) {
    key(name);
    sb.append(value);
    return this;
  }

  /** A duration in milliseconds, with microsecond precision. */
  Json millis(String name, java.time.Duration d) {
    if (d == null) {
      return this;
    }
    key(name);
    long micros = d.toNanos() / 1_000;
    sb.append(micros / 1_000).append('.');
    long frac = micros % 1_000;
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    sb.append(frac);
    return this;
  }

  private void key(String name) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    quote(sb, name);
    sb.append(':');
  }

  @Override
  public String toString() {
    return sb.toString() + '}';
  }

  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00");
            sb.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}

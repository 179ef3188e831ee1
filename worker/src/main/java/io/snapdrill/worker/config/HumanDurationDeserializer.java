package io.snapdrill.worker.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;

/** Durations as people write them in YAML: {@code 90s}, {@code 15m}, {@code 6h}, {@code 7d}, or ISO {@code PT6H}. */
final class HumanDurationDeserializer extends StdScalarDeserializer<Duration> {
  HumanDurationDeserializer() {
    super(Duration.class);
  }

  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String text = p.getValueAsString();
    if (text == null) {
      return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
    }
  }
}

package io.snapdrill.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum Product {
  ELASTICSEARCH,
  OPENSEARCH;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Product of(String value) {
    return Product.valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}

package io.snapdrill.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum AuthType {
  NONE,
  BASIC,
  API_KEY,
  BEARER,
  SIGV4;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static AuthType of(String value) {
    return AuthType.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}

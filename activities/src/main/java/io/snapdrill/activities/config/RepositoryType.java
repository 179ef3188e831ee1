package io.snapdrill.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The repository type {@code snapdrill repository ensure} registers: {@code s3} in production, {@code fs} on a shared directory. */
public enum RepositoryType {
  S3,
  FS;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static RepositoryType of(String value) {
    return RepositoryType.valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}

package io.snapdrill.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a secret comes from: {@code {env: NAME}}, {@code {file: /path}} or an inline string. Resolved
 * only inside activities, never put in a payload; {@link #toString()} never shows the value.
 */
public record SecretRef(String env, String file, String value) {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static SecretRef inline(String value) {
    return new SecretRef(null, null, value);
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public static SecretRef of(
      @com.fasterxml.jackson.annotation.JsonProperty("env") String env,
      @com.fasterxml.jackson.annotation.JsonProperty("file") String file) {
    return new SecretRef(env, file, null);
  }

  /** The secret, or an exception whose message names the variable or file (never the value). */
  public String resolve() {
    if (value != null) {
      return value;
    }
    if (env != null) {
      String v = System.getenv(env);
      if (v == null || v.isEmpty()) {
        throw new IllegalStateException("environment variable " + env + " is not set");
      }
      return v;
    }
    if (file != null) {
      try {
        return Files.readString(Path.of(file)).strip();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read secret file " + file + ": " + e.getMessage());
      }
    }
    throw new IllegalStateException("secret has neither env, file nor value");
  }

  @Override
  public String toString() {
    return env != null ? "env:" + env : file != null ? "file:" + file : "<inline secret>";
  }
}

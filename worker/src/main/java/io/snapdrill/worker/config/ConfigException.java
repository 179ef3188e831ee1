package io.snapdrill.worker.config;

import java.util.List;

/** A configuration that cannot be used, with one line per problem, each naming the field path. */
public class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(source + ": " + String.join("\n" + source + ": ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}

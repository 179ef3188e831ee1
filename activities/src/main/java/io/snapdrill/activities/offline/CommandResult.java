package io.snapdrill.activities.offline;

import java.util.List;

/**
 * What an offline command prints and how it exits: 0 safe/complete, 1 hazard/problem found, 2 bad
 * input (the same codes as the rest of the {@code snapdrill} command line).
 */
public record CommandResult(List<String> lines, int exitCode) {
  public static final int OK = 0;
  public static final int FOUND_PROBLEMS = 1;
  public static final int BAD_INPUT = 2;

  public String text() {
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }
}

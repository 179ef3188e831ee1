package io.snapdrill.model;

import java.util.List;

/**
 * @param clusterHealth the restore cluster's health after restore ("green", "yellow", "red")
 * @param problems failures not tied to one index (cluster health, a query)
 */
public record VerificationReport(List<IndexVerdict> indices, String clusterHealth, List<String> problems) {

  public boolean passed() {
    return (problems == null || problems.isEmpty())
        && (indices == null || indices.stream().allMatch(IndexVerdict::passed));
  }

  public List<String> failures() {
    var failures = new java.util.ArrayList<String>(problems == null ? List.of() : problems);
    if (indices != null) {
      indices.stream()
          .filter(v -> !v.passed())
          .forEach(v -> failures.add(v.index() + ": " + String.join("; ", v.reasons())));
    }
    return failures;
  }
}

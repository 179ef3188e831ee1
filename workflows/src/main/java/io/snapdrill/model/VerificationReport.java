package io.snapdrill.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * VERIFY's verdicts. A cluster of thousands of indices would give thousands of verdicts (with reasons),
 * in VERIFY's result and again in the drill's result and the report's input: a report lists at most
 * {@link #LISTED} of them, failed ones first, counts them all and keeps every verdict in the report store.
 *
 * @param indices the verdicts listed: every one in reports recorded before the bound, else at most
 *     {@link #LISTED}, failed first
 * @param clusterHealth the restore cluster's health after restore ("green", "yellow", "red")
 * @param problems failures not tied to one index (cluster health, a query)
 * @param indexCount how many indices were judged, listed or not; null in reports recorded before it
 * @param failedIndexCount how many of them failed; null as above
 * @param verdictEvidence every verdict, in the report store, when not all are listed; else null
 */
public record VerificationReport(List<IndexVerdict> indices, String clusterHealth, List<String> problems,
    Integer indexCount, Integer failedIndexCount, StoredEvidence verdictEvidence) {

  /** Verdicts a report lists; the rest are counted and stored. */
  public static final int LISTED = 20;

  public VerificationReport {
    indices = indices == null ? List.of() : indices;
    problems = problems == null ? List.of() : problems;
  }

  /** A report of every verdict, before it is bounded for the payload. */
  public VerificationReport(List<IndexVerdict> indices, String clusterHealth, List<String> problems) {
    this(indices, clusterHealth, problems, null, null, null);
  }

  /** How many indices were judged, listed or not. */
  public int totalIndices() {
    return indexCount != null ? indexCount : indices.size();
  }

  /** How many indices failed, listed or not. */
  public int failedIndices() {
    return failedIndexCount != null ? failedIndexCount : (int) indices.stream().filter(v -> !v.passed()).count();
  }

  public boolean allIndicesListed() {
    return totalIndices() <= indices.size();
  }

  public boolean passed() {
    return problems.isEmpty() && failedIndices() == 0;
  }

  public List<String> failures() {
    var failures = new ArrayList<String>(problems);
    indices.stream()
        .filter(v -> !v.passed())
        .forEach(v -> failures.add(v.index() + ": " + String.join("; ", v.reasons())));
    long listedFailed = indices.stream().filter(v -> !v.passed()).count();
    if (failedIndices() > listedFailed) {
      failures.add("and " + (failedIndices() - listedFailed) + " more failed indices"
          + (verdictEvidence == null ? "" : " (every verdict in " + verdictEvidence.uri() + ")"));
    }
    return failures;
  }

  /**
   * This report as a payload: at most {@link #LISTED} verdicts, failed ones first (what on-call and an
   * auditor need), the counts, and {@code evidence}, where every verdict was stored (null when all are listed).
   */
  public VerificationReport bounded(StoredEvidence evidence) {
    List<IndexVerdict> listed = Stream.concat(indices.stream().filter(v -> !v.passed()), indices.stream().filter(IndexVerdict::passed))
        .limit(LISTED).toList();
    return new VerificationReport(listed, clusterHealth, problems, totalIndices(), failedIndices(),
        indices.size() > LISTED ? evidence : null);
  }
}

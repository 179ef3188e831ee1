package io.snapdrill.activities.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * How VERIFY judges the restored indices that match {@code indices}.
 *
 * @param documentCount exact (default), tolerance or minimum
 * @param tolerancePercent allowed difference for {@code tolerance}
 * @param minimumDocuments the floor for {@code minimum} (the old "more than N docs" check)
 * @param requiredFields field paths that must be in the mapping
 * @param compareMapping the mapping fingerprint must equal the one recorded at snapshot time
 * @param compareSamples the sample documents must equal those recorded at snapshot time
 * @param clusterHealth the least acceptable health of the restore cluster (green or yellow)
 */
public record VerificationSpec(
    @NotBlank String indices,
    DocumentCountMode documentCount,
    Double tolerancePercent,
    Long minimumDocuments,
    List<String> requiredFields,
    Boolean compareMapping,
    Boolean compareSamples,
    List<@Valid QueryCheck> queries,
    String clusterHealth) {

  public enum DocumentCountMode {
    EXACT,
    TOLERANCE,
    MINIMUM;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static DocumentCountMode of(String v) {
      return valueOf(v.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** A query (Query DSL JSON) whose hit count must fall in [minHits, maxHits]. */
  public record QueryCheck(@NotBlank String name, @NotBlank String query, Long minHits, Long maxHits) {}
}

package io.snapdrill.model;

import java.util.List;

/**
 * What healing did (or, in a dry run, would do).
 *
 * @param removed markers removed, or that a dry run would remove
 * @param unhealable markers with no previous version to bring back
 * @param approvedBy the operator who approved (heal policy ASK), as they named themselves, or null
 * @param approverIdentity the Temporal client identity that sent the approval, or null
 */
public record HealReport(
    boolean dryRun, List<DeleteMarker> removed, List<DeleteMarker> unhealable, String approvedBy,
    String approverIdentity) {

  public HealReport(boolean dryRun, List<DeleteMarker> removed, List<DeleteMarker> unhealable, String approvedBy) {
    this(dryRun, removed, unhealable, approvedBy, null);
  }

  /** This report approved by {@code decision}'s operator and client, or as is for a heal nobody had to approve. */
  public HealReport approvedBy(HealDecision decision) {
    return decision == null ? this
        : new HealReport(dryRun, removed, unhealable, decision.operator(), decision.identity());
  }
}

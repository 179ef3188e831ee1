package io.snapdrill.model;

import java.util.List;

/**
 * What healing did (or, in a dry run, would do).
 *
 * @param removed markers removed, or that a dry run would remove
 * @param unhealable markers with no previous version to bring back
 * @param approvedBy the operator who approved (heal policy ASK), or null
 */
public record HealReport(
    boolean dryRun, List<DeleteMarker> removed, List<DeleteMarker> unhealable, String approvedBy) {

  public HealReport withApprover(String operator) {
    return new HealReport(dryRun, removed, unhealable, operator);
  }
}

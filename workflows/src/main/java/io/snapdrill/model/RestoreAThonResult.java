package io.snapdrill.model;

import java.util.List;

/**
 * The combined evidence of one restore-a-thon: every cluster's drill result.
 *
 * @param hostCostUsd the drills' restore host cost estimates summed, or null when none had one
 */
public record RestoreAThonResult(
    String restoreAThonId, List<DrillResult> drills, int passed, int failed, Double hostCostUsd,
    ReportLocation report) {

  public RestoreAThonResult withReport(ReportLocation location) {
    return new RestoreAThonResult(restoreAThonId, drills, passed, failed, hostCostUsd, location);
  }
}

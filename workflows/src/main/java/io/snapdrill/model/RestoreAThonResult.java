package io.snapdrill.model;

import java.util.List;

/**
 * A restore-a-thon's verdict: counts, cost, where its report is and where the drills' summaries were
 * stored. Bounded whatever the fleet's size: each drill's evidence stays in its own report.
 *
 * @param clusters how many clusters it was asked to drill
 * @param failed clusters whose drill did not pass (failed, canceled, or never started)
 * @param hostCostUsd the drills' restore host cost estimates summed, or null when none had one
 * @param summaryBatches the stored batches of {@link DrillSummary} (see {@code ReportActivities.storeDrillSummaries})
 */
public record RestoreAThonResult(
    String restoreAThonId, int clusters, int passed, int failed, Double hostCostUsd, ReportLocation report,
    List<StoredEvidence> summaryBatches) {

  public RestoreAThonResult withReport(ReportLocation location) {
    return new RestoreAThonResult(restoreAThonId, clusters, passed, failed, hostCostUsd, location, summaryBatches);
  }
}

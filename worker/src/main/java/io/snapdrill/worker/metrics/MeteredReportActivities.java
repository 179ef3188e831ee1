package io.snapdrill.worker.metrics;

import io.snapdrill.model.DrillResult;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.workflows.FailoverRestoreWorkflow;
import io.snapdrill.workflows.activities.ReportActivities;
import java.util.List;

/**
 * The report activity that also records the drill's metrics. Metrics come from the same call the
 * workflow already makes at REPORT, so the workflow's activity sequence (and the replayed histories)
 * stay as they are. A restore-a-thon's drills record themselves as child drills.
 */
public final class MeteredReportActivities implements ReportActivities {
  private final ReportActivities reports;
  private final DrillMetrics metrics;

  public MeteredReportActivities(ReportActivities reports, DrillMetrics metrics) {
    this.reports = reports;
    this.metrics = metrics;
  }

  @Override
  public ReportLocation writeDrillReport(DrillResult result) {
    ReportLocation location = reports.writeDrillReport(result);
    // a failover restore writes the drill's report but is no drill: the drill metrics leave it out
    if (!FailoverRestoreWorkflow.isFailover(result.drillId())) {
      metrics.record(result);
    }
    return location;
  }

  @Override
  public ReportLocation writeRestoreAThonReport(RestoreAThonReportRequest request) {
    return reports.writeRestoreAThonReport(request);
  }

  @Override
  public StoredEvidence storeDrillSummaries(String restoreAThonId, int batch, List<DrillSummary> summaries) {
    return reports.storeDrillSummaries(restoreAThonId, batch, summaries);
  }
}

package io.snapdrill.workflows.activities;

import io.snapdrill.model.DrillResult;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** REPORT: the drill report (JSON, Markdown, HTML) and the drill metrics. */
@ActivityInterface
public interface ReportActivities {

  ReportLocation writeDrillReport(DrillResult result);

  /**
   * The restore-a-thon report. Its drills come from the stored summary batches and, through each summary's
   * report location, from the drills' own reports; a configured cluster without a summary is a red row.
   */
  ReportLocation writeRestoreAThonReport(RestoreAThonReportRequest request);

  /**
   * Stores one batch of a restore-a-thon's drill summaries next to the reports (a JSON file, or an object
   * in the reports bucket): the workflow keeps only where and the digest. Idempotent per batch number.
   */
  StoredEvidence storeDrillSummaries(String restoreAThonId, int batch, List<DrillSummary> summaries);
}

package io.snapdrill.workflows.activities;

import io.snapdrill.model.DrillResult;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreAThonResult;
import io.temporal.activity.ActivityInterface;

/** REPORT: the drill report (JSON, Markdown, HTML) and the drill metrics. */
@ActivityInterface
public interface ReportActivities {

  ReportLocation writeDrillReport(DrillResult result);

  ReportLocation writeRestoreAThonReport(RestoreAThonResult result);
}

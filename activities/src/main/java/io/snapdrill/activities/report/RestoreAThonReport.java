package io.snapdrill.activities.report;

import io.snapdrill.model.DrillResult;
import java.util.List;

/**
 * What the restore-a-thon renderers show: every configured cluster's drill, read back from the stored
 * summaries and the drills' own reports ({@link ReportActivitiesImpl#restoreAThonReport}).
 *
 * @param failed clusters whose drill did not pass, a cluster never drilled included
 */
public record RestoreAThonReport(String restoreAThonId, List<DrillResult> drills, int passed, int failed,
    Double hostCostUsd) {}

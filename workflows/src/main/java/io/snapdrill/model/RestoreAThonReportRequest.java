package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * What the restore-a-thon hands its report activity: small whatever the fleet's size. The activity
 * reads each drill's own report from the report store (through {@link DrillSummary#report()}).
 *
 * @param configuredClusters every cluster the restore-a-thon was asked to drill: one not drilled is a
 *     red row in the report
 * @param summaryBatches where the drills' summaries were stored, in batches (see
 *     {@code ReportActivities.storeDrillSummaries}), so neither this request nor the workflow's history
 *     holds thousands of them
 */
public record RestoreAThonReportRequest(
    String restoreAThonId,
    Instant startedAt,
    Instant endedAt,
    List<String> configuredClusters,
    List<StoredEvidence> summaryBatches) {}

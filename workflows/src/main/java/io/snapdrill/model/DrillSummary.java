package io.snapdrill.model;

/**
 * What a restore-a-thon keeps of one drill: who, the verdict, RPO, RTO, cost and where the full report
 * is. A few hundred bytes whatever the repository's size, so a quarter of thousands of drills fits a
 * workflow's history; the evidence itself stays in the drill's report, which the restore-a-thon report
 * reads from the report store.
 *
 * @param failureMessage why the drill failed, cut to {@link #MESSAGE_LIMIT} characters; null when it passed
 * @param snapshot the restored snapshot's name, or null when the drill failed before it had one
 * @param report where the drill's report was written, or null when it was not
 */
public record DrillSummary(
    String drillId,
    String cluster,
    DrillOutcome outcome,
    FailureType failureType,
    String failureMessage,
    String snapshot,
    Long rpoSeconds,
    Long snapshotIntervalSeconds,
    Long rtoSeconds,
    Double hostCostUsd,
    ReportLocation report) {
  public static final int MESSAGE_LIMIT = 500;

  public static DrillSummary of(DrillResult result) {
    return new DrillSummary(result.drillId(), result.cluster(), result.outcome(), result.failureType(),
        cut(result.failureMessage()), result.snapshot() != null ? result.snapshot().name() : null,
        result.rpoSeconds(), result.snapshotIntervalSeconds(), result.rtoSeconds(), result.hostCostUsd(),
        result.report());
  }

  private static String cut(String message) {
    return message == null || message.length() <= MESSAGE_LIMIT ? message
        : message.substring(0, MESSAGE_LIMIT - 1) + "…";
  }
}

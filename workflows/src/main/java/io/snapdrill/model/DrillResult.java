package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything a drill found: what the report shows and what a failed workflow carries as the details
 * of its failure.
 *
 * @param rpoSeconds snapshot age when the drill started (the data a real disaster would have lost)
 * @param rtoSeconds restore start to verified, or null when the drill never verified
 */
public record DrillResult(
    String drillId,
    String cluster,
    DrillOutcome outcome,
    String failureType,
    String failureMessage,
    SnapshotInfo snapshot,
    List<StageRecord> stages,
    Instant startedAt,
    Instant endedAt,
    Long rpoSeconds,
    Long rtoSeconds,
    ReplicationRuleCheck replicationRule,
    ReplicaCheck replicaCheck,
    StorageAudit storageAudit,
    HealReport heal,
    List<RestoreHost> hosts,
    RestoreResult restore,
    VerificationReport verification,
    List<String> warnings,
    ReportLocation report) {

  public DrillResult withReport(ReportLocation location) {
    return new DrillResult(drillId, cluster, outcome, failureType, failureMessage, snapshot, stages,
        startedAt, endedAt, rpoSeconds, rtoSeconds, replicationRule, replicaCheck, storageAudit, heal,
        hosts, restore, verification, warnings, location);
  }
}

package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything a drill found: what the report shows and what a failed workflow carries as the details
 * of its failure.
 *
 * @param rpoSeconds snapshot age when the drill started (the data a real disaster would have lost)
 * @param rtoSeconds restore start to verified, or null when the drill never verified
 * @param hostCostUsd estimated cost of the drill's restore hosts: each host's hourly price (the spot
 *     price EC2 quoted at launch, or the configured on-demand price) times the time from asking for it
 *     to its confirmed termination, so an upper bound; null when no host had a known price (local hosts)
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
    Double hostCostUsd,
    RestoreResult restore,
    VerificationReport verification,
    List<String> warnings,
    ReportLocation report) {

  public DrillResult withReport(ReportLocation location) {
    return new DrillResult(drillId, cluster, outcome, failureType, failureMessage, snapshot, stages,
        startedAt, endedAt, rpoSeconds, rtoSeconds, replicationRule, replicaCheck, storageAudit, heal,
        hosts, hostCostUsd, restore, verification, warnings, location);
  }
}

package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything a drill found: what the report shows and what a failed workflow carries as the details
 * of its failure.
 *
 * @param failureType why the drill failed, or null while it runs or when it passed
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
    FailureType failureType,
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

  /**
   * A drill that failed before it could produce a result of its own (it could not start, or died
   * without one): only who, what and why are known.
   */
  public static DrillResult failedEarly(String drillId, String cluster, FailureType type, String message) {
    return new DrillResult(drillId, cluster, DrillOutcome.FAILED, type, message, null, List.of(), null, null,
        null, null, null, null, null, null, List.of(), null, null, null, List.of(), null);
  }

  public DrillResult withReport(ReportLocation location) {
    return new DrillResult(drillId, cluster, outcome, failureType, failureMessage, snapshot, stages,
        startedAt, endedAt, rpoSeconds, rtoSeconds, replicationRule, replicaCheck, storageAudit, heal,
        hosts, hostCostUsd, restore, verification, warnings, location);
  }
}

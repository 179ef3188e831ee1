package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything a drill found: what the report shows and what a failed workflow carries as the details
 * of its failure.
 *
 * @param failureType why the drill failed, or null while it runs or when it passed
 * @param rpoSeconds the restored snapshot's age when the drill started: the data a disaster at drill
 *     start would have lost (0 when the drill took its own snapshot)
 * @param snapshotIntervalSeconds time from the previous restorable (SUCCESS) snapshot in the repository
 *     to the restored one: the data a disaster just before the restored snapshot would have lost; null
 *     when unknown (no earlier snapshot, or a history written before it was recorded)
 * @param rtoSeconds the first PROVISION_HOST's start to VERIFY passed: the time to a verified cluster
 *     in the disaster-recovery region, or null when the drill never verified
 * @param rtoProvisionSeconds the RTO's first part: first PROVISION_HOST start to first RESTORE start
 *     (the three parts add up to the RTO; each is null when the RTO is)
 * @param rtoRestoreSeconds the RTO's second part: first RESTORE start to VERIFY start (time lost on a
 *     replaced restore host counts here)
 * @param rtoVerifySeconds the RTO's last part: VERIFY start to verified
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
    Long snapshotIntervalSeconds,
    Long rtoSeconds,
    Long rtoProvisionSeconds,
    Long rtoRestoreSeconds,
    Long rtoVerifySeconds,
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
        null, null, null, null, null, null, null, null, null, null, List.of(), null, null, null, List.of(), null);
  }

  public DrillResult withReport(ReportLocation location) {
    return with(stages, location);
  }

  public DrillResult withStages(List<StageRecord> shown) {
    return with(shown, report);
  }

  private DrillResult with(List<StageRecord> shown, ReportLocation location) {
    return new DrillResult(drillId, cluster, outcome, failureType, failureMessage, snapshot, shown,
        startedAt, endedAt, rpoSeconds, snapshotIntervalSeconds, rtoSeconds, rtoProvisionSeconds, rtoRestoreSeconds,
        rtoVerifySeconds, replicationRule, replicaCheck, storageAudit, heal,
        hosts, hostCostUsd, restore, verification, warnings, location);
  }
}

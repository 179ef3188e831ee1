package io.snapdrill.workflows;

import io.snapdrill.model.BlobProblemKind;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.ReplicationRuleCheck;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.VerificationReport;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one drill has found so far and how it ended: the {@link DrillResult} in the making. Each
 * stage stores what its activities answered; the report and the workflow's failure are built from
 * here. Lives inside one workflow run.
 */
final class DrillFacts {
  SnapshotResult snapshot;
  ReplicationRuleCheck replicationRule;
  ReplicaCheck replicaCheck;
  StorageAudit audit;
  HealReport heal;
  RestoreResult restore;
  VerificationReport verification;

  private final List<String> warnings = new ArrayList<>();
  /** CONFIRM_REPLICATION's warning of blobs hidden by delete markers: stale once healing brought them all back. */
  private String hiddenBlobsWarning;
  private String drillId;
  private String cluster;
  private Instant startedAt;
  private Instant provisionStartedAt;
  private Instant restoreStartedAt;
  private Instant verifyStartedAt;
  private Instant verifiedAt;
  private DrillOutcome outcome = DrillOutcome.RUNNING;
  private FailureType failureType;
  private String failureMessage;

  void started(String drillId, String cluster, Instant at) {
    this.drillId = drillId;
    this.cluster = cluster;
    this.startedAt = at;
  }

  /** The first host's launch: RTO counts from there, as recovery in the disaster-recovery region would. */
  void provisionStarted() {
    if (provisionStartedAt == null) {
      provisionStartedAt = DrillJournal.now();
    }
  }

  /** The first restore's start: the restore part of the RTO counts from there, across replacement hosts. */
  void restoreStarted() {
    if (restoreStartedAt == null) {
      restoreStartedAt = DrillJournal.now();
    }
  }

  void verifyStarted() {
    verifyStartedAt = DrillJournal.now();
  }

  void verified(VerificationReport report) {
    verification = report;
    verifiedAt = DrillJournal.now();
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  /** Blobs the replica check found hidden by delete markers; AUDIT_STORAGE may heal them. */
  void warnHiddenBlobs(String warning) {
    hiddenBlobsWarning = warning;
    warnings.add(warning);
  }

  void failed(FailureType type, String message) {
    failureType = type;
    failureMessage = message;
  }

  void ended(DrillOutcome outcome) {
    this.outcome = outcome;
  }

  /** A drill that leaked a host has not passed, whatever it verified; an earlier failure stays the cause. */
  void teardownIncomplete(String message) {
    if (outcome == DrillOutcome.FAILED) {
      warnings.add(message);
      return;
    }
    if (outcome != DrillOutcome.CANCELED) {
      outcome = DrillOutcome.FAILED;
    }
    failed(FailureType.TEARDOWN_INCOMPLETE, message);
  }

  DrillOutcome outcome() {
    return outcome;
  }

  SnapshotInfo snapshotInfo() {
    return snapshot != null ? snapshot.snapshot() : null;
  }

  /** How the failed drill fails its workflow: the history shows this message, ending with the runbook hint. */
  ApplicationFailure failure(DrillResult result) {
    return ApplicationFailure.newNonRetryableFailure(failureType.withHint(result.failureMessage()), failureType.name(), result);
  }

  DrillResult result(List<StageRecord> stages, RestoreHostLeases hosts, ReportLocation location) {
    return result(stages, hosts.hosts(), hosts.costUsd(), location);
  }

  /** @param hosts the restore hosts, none for a failover restore onto a standing cluster */
  DrillResult result(List<StageRecord> stages, List<RestoreHost> hosts, Double hostCostUsd, ReportLocation location) {
    SnapshotInfo info = snapshotInfo();
    Long rpo = info != null && info.startTime() != null
        ? Math.max(0, Duration.between(info.startTime(), startedAt).toSeconds()) : null;
    Instant previous = snapshot != null ? snapshot.previousSnapshotStart() : null;
    Long interval = previous != null && info.startTime() != null
        ? Math.max(0, Duration.between(previous, info.startTime()).toSeconds()) : null;
    boolean verifiedOnce = provisionStartedAt != null && restoreStartedAt != null && verifyStartedAt != null
        && verifiedAt != null;
    // Each boundary is rounded down from the RTO's start, so the parts add up to the whole.
    Long toRestore = verifiedOnce ? secondsSinceProvision(restoreStartedAt) : null;
    Long toVerify = verifiedOnce ? secondsSinceProvision(verifyStartedAt) : null;
    Long rto = verifiedOnce ? secondsSinceProvision(verifiedAt) : null;
    return new DrillResult(drillId, cluster, outcome, failureType, failureMessage, info, stages, startedAt,
        DrillJournal.now(), rpo, interval, rto, toRestore, verifiedOnce ? toVerify - toRestore : null,
        verifiedOnce ? rto - toVerify : null, replicationRule, replicaCheck, audit, heal, hosts,
        hostCostUsd, restore, verification, shownWarnings(), location).bounded();
  }

  /**
   * The warnings, without the hidden-blob warning once healing made every blob it named readable
   * again: the report's heal section says what was removed, and a warning that still called the blob
   * hidden would contradict it.
   */
  private List<String> shownWarnings() {
    if (hiddenBlobsWarning == null || !healedEveryHiddenBlob()) {
      return List.copyOf(warnings);
    }
    List<String> shown = new ArrayList<>(warnings);
    shown.remove(hiddenBlobsWarning);
    return List.copyOf(shown);
  }

  private boolean healedEveryHiddenBlob() {
    if (heal == null || heal.dryRun() || replicaCheck == null || replicaCheck.problems() == null) {
      return false;
    }
    // heal.removed() holds the markers whose key healing left readable; the audit after healing has the last word
    Set<String> healed = heal.removed().stream().map(m -> m.bucket() + "/" + m.key()).collect(Collectors.toCollection(HashSet::new));
    if (audit != null) {
      audit.markersHidingNeededBlobs().forEach(m -> healed.remove(m.bucket() + "/" + m.key()));
    }
    if (!replicaCheck.allProblemsListed() || !heal.allListed()) {
      // the check (or the heal report) names only some hidden blobs: the audit after healing, over every
      // needed blob of both buckets, is the only complete answer
      return audit != null && audit.markersHidingNeededBlobs().isEmpty()
          && !heal.removed().isEmpty();
    }
    return replicaCheck.problems().stream()
        .filter(p -> p.kind() == BlobProblemKind.HIDDEN_BY_DELETE_MARKER)
        .allMatch(p -> healed.contains(p.bucket() + "/" + p.key()));
  }

  private long secondsSinceProvision(Instant at) {
    return Duration.between(provisionStartedAt, at).toSeconds();
  }
}

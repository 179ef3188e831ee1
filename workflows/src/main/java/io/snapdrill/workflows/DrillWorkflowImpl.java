package io.snapdrill.workflows;

import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealDecision;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.LifecycleVerdict;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreRequest;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.model.VerifyRequest;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.snapdrill.workflows.activities.ReportActivities;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * The drill's runbook: the stages in order, each a method below. What the stages found is kept in
 * {@link DrillFacts}, their progress in {@link DrillJournal}, restore hosts in {@link RestoreHostLeases},
 * what on-call reads in {@link OnCallTexts}, timeouts and retries in {@link ActivityStubs}.
 */
public class DrillWorkflowImpl implements DrillWorkflow {
  private final SourceClusterActivities sourceCluster = ActivityStubs.sourceCluster();
  private final ReplicationActivities replication = ActivityStubs.replication();
  private final StorageAuditActivities storage = ActivityStubs.storageAudit();
  private final RestoreClusterActivities restoreCluster = ActivityStubs.restoreCluster();
  private final RestoreClusterActivities verifyCluster = ActivityStubs.verifyRestore();
  private final ReportActivities reports = ActivityStubs.reports();

  private final DrillJournal journal = new DrillJournal();
  private final DrillFacts facts = new DrillFacts();
  private final HealApproval healApproval = new HealApproval();
  private DrillRequest request;
  private DrillSettings settings;
  private String drillId;
  private RestoreHostLeases hosts;
  private RestoreHostSlot hostSlot;

  @Override
  public DrillResult run(DrillRequest request) {
    this.request = request;
    this.settings = request.effectiveSettings();
    this.drillId = Workflow.getInfo().getWorkflowId();
    this.hosts = new RestoreHostLeases(drillId, request.cluster());
    facts.started(drillId, request.cluster(), DrillJournal.now());
    Workflow.upsertTypedSearchAttributes(
        DrillSearchAttributes.CLUSTER.valueSet(request.cluster()),
        DrillSearchAttributes.OUTCOME.valueSet(DrillOutcome.RUNNING.name()));
    hostSlot = RestoreHostSlot.of(drillId);

    CanceledFailure canceled = null;
    try {
      takeOrDescribeSnapshot();
      confirmReplication();
      auditStorage();
      restoreAndVerify();
      facts.ended(DrillOutcome.PASSED);
    } catch (ApplicationFailure stageFailed) {
      facts.ended(DrillOutcome.FAILED);
    } catch (CanceledFailure e) {
      canceled = e;
      facts.ended(DrillOutcome.CANCELED);
      journal.canceledCurrent();
    }
    journal.skipPending(canceled != null ? "drill canceled" : "an earlier stage failed");

    // Teardown and report also run when the drill was canceled: a detached scope is not canceled.
    DrillResult[] finalResult = new DrillResult[1];
    Workflow.newDetachedCancellationScope(() -> {
      tearDownHosts();
      hostSlot.release();
      finalResult[0] = writeReport();
      hostSlot.finished(DrillSummary.of(finalResult[0]));
    }).run();

    if (canceled != null) {
      throw canceled;
    }
    if (facts.outcome() == DrillOutcome.FAILED) {
      throw facts.failure(finalResult[0]);
    }
    return finalResult[0];
  }

  private void takeOrDescribeSnapshot() {
    boolean existing = request.existingSnapshot();
    journal.start(Stage.SNAPSHOT, OnCallTexts.snapshotStarted(existing, request.snapshot()));
    SnapshotRequest snapshotRequest = new SnapshotRequest(drillId, request.cluster(), request.snapshot());
    try {
      facts.snapshot = existing
          ? sourceCluster.describeSnapshot(snapshotRequest)
          : sourceCluster.takeSnapshot(snapshotRequest);
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.SNAPSHOT, e);
    }
    SnapshotInfo info = facts.snapshotInfo();
    Workflow.upsertTypedSearchAttributes(DrillSearchAttributes.SNAPSHOT.valueSet(info.name()));
    if (Workflow.getVersion("snapshot-uuid-attribute", Workflow.DEFAULT_VERSION, 1) >= 1) {
      // one drill per snapshot: the trigger and `drill --snapshot` find this drill by the snapshot's UUID
      Workflow.upsertTypedSearchAttributes(DrillSearchAttributes.SNAPSHOT_UUID.valueSet(info.uuid()));
    }
    if (existing) {
      journal.skipped(Stage.SNAPSHOT, OnCallTexts.snapshotDescribed(info));
    } else {
      journal.passed(Stage.SNAPSHOT, OnCallTexts.snapshotTaken(info));
    }
  }

  /** The replication rule, then the replica until it is complete or the deadline passed ({@link ReplicaWait}). */
  private void confirmReplication() {
    journal.start(Stage.CONFIRM_REPLICATION, "checking the primary bucket's replication rule");
    String uuid = facts.snapshotInfo().uuid();
    try {
      facts.replicationRule = replication.checkReplicationRule(new StorageCheckRequest(request.cluster(), uuid, 0));
      ReplicaWait.Ended wait = ReplicaWait.await(replication, request.cluster(), uuid, settings, facts, journal);
      ReplicaCheck replica = wait.last();
      if (wait.deadlinePassed()) {
        throw failStage(Stage.CONFIRM_REPLICATION, FailureType.REPLICA_INCOMPLETE, OnCallTexts.replicaStillIncomplete(
            replica, facts.snapshotInfo().name(), wait.checks(), settings.replicationDeadline()));
      }
      if (replica.complete()) {
        journal.passed(Stage.CONFIRM_REPLICATION, OnCallTexts.replicaComplete(replica, wait.checks()));
        return;
      }
      // Only delete markers remain: AUDIT_STORAGE names them and may heal them.
      facts.warnHiddenBlobs(OnCallTexts.replicaHiddenByDeleteMarkersWarning(replica));
      journal.passed(Stage.CONFIRM_REPLICATION, OnCallTexts.replicaHiddenByDeleteMarkers(replica));
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.CONFIRM_REPLICATION, e);
    }
  }

  private void auditStorage() {
    journal.start(Stage.AUDIT_STORAGE, "auditing versioning, lifecycle rules and delete markers");
    StorageCheckRequest auditRequest = new StorageCheckRequest(request.cluster(), facts.snapshotInfo().uuid(), 1);
    try {
      StorageAudit audit = storage.auditStorage(auditRequest);
      facts.audit = audit;
      StageFailure unsafe = StageFailure.ofUnsafeStorage(audit);
      if (unsafe != null) {
        throw failStage(Stage.AUDIT_STORAGE, unsafe.type(), unsafe.message());
      }
      audit.findings(LifecycleVerdict.WARNING).forEach(f -> facts.warn(OnCallTexts.lifecycleRuleWarning(f)));
      List<DeleteMarker> hiding = audit.markersHidingNeededBlobs();
      if (!hiding.isEmpty()) {
        healOrFail(auditRequest, audit);
      }
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.AUDIT_STORAGE, e);
    }
    journal.passed(Stage.AUDIT_STORAGE, OnCallTexts.storageSafe(facts.heal));
  }

  /**
   * The audit lists a few of the markers over needed blobs and stores them all; healing is asked to act
   * on every one (it reads the stored ones back), and texts count them all.
   */
  private void healOrFail(StorageCheckRequest auditRequest, StorageAudit audit) {
    List<DeleteMarker> hiding = audit.markersHidingNeededBlobs();
    int count = audit.neededMarkerCount();
    switch (request.healPolicy()) {
      case NEVER -> {
        facts.heal = storage.healDeleteMarkers(heal(audit, true));
        throw failStage(Stage.AUDIT_STORAGE, FailureType.DELETE_MARKER_HIDES_BLOB,
            OnCallTexts.deleteMarkersNotHealed(hiding, count));
      }
      case AUTO -> healNow(auditRequest, audit, null);
      case ASK -> {
        Duration deadline = settings.healDecisionDeadline();
        journal.detail(OnCallTexts.awaitingHealDecision(count, deadline, drillId));
        HealDecision decision = healApproval.await(hiding, count, deadline);
        if (decision == null || !decision.approve()) {
          throw failStage(Stage.AUDIT_STORAGE, FailureType.DELETE_MARKER_HIDES_BLOB,
              OnCallTexts.healNotApproved(decision, hiding, count, deadline));
        }
        healNow(auditRequest, audit, decision);
      }
    }
  }

  private HealRequest heal(StorageAudit audit, boolean dryRun) {
    List<StoredEvidence> stored = audit.neededMarkerEvidence();
    return new HealRequest(request.cluster(), audit.markersHidingNeededBlobs(), dryRun, stored.isEmpty() ? null : stored);
  }

  /** Removes the delete markers, then audits again: only the second audit says whether it worked. */
  private void healNow(StorageCheckRequest auditRequest, StorageAudit audit, HealDecision approval) {
    journal.detail(OnCallTexts.healing(audit.neededMarkerCount()));
    facts.heal = storage.healDeleteMarkers(heal(audit, false)).approvedBy(approval);
    facts.audit = storage.auditStorage(auditRequest);
    List<DeleteMarker> remaining = facts.audit.markersHidingNeededBlobs();
    if (!remaining.isEmpty()) {
      throw failStage(Stage.AUDIT_STORAGE, FailureType.DELETE_MARKER_HIDES_BLOB,
          OnCallTexts.healingLeftMarkers(remaining, facts.audit.neededMarkerCount()));
    }
  }

  /** PROVISION_HOST, RESTORE and VERIFY, on a replacement host when a spot host is lost during restore. */
  private void restoreAndVerify() {
    // Only restore hosts are scarce: the restore-a-thon's slot is asked for here, not at the drill's start.
    hostSlot.acquire(journal);
    for (int replacement = 0; ; replacement++) {
      RestoreHostLeases.Lease lease = hosts.take();
      RestoreHost host = provisionHost(lease, replacement);
      if (restore(host, replacement)) {
        verify(host);
        return;
      }
      hosts.tearDown(lease);
    }
  }

  private RestoreHost provisionHost(RestoreHostLeases.Lease lease, int replacement) {
    journal.start(Stage.PROVISION_HOST, OnCallTexts.launching(replacement));
    facts.provisionStarted();
    try {
      RestoreHost host = hosts.launch(lease, facts.snapshotInfo());
      journal.passed(Stage.PROVISION_HOST, OnCallTexts.launched(host));
      return host;
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.PROVISION_HOST, e);
    }
  }

  /** False when the host was lost and the drill may replace it. */
  private boolean restore(RestoreHost host, int replacement) {
    SnapshotInfo info = facts.snapshotInfo();
    journal.start(Stage.RESTORE, OnCallTexts.restoring(info, host));
    facts.restoreStarted();
    try {
      facts.restore = restoreCluster.restoreSnapshot(new RestoreRequest(drillId, request.cluster(), host, info));
    } catch (ActivityFailure e) {
      String lost = StageFailure.hostLost(e);
      if (lost != null && replacement < settings.maxHostReplacements()) {
        String why = OnCallTexts.hostLostReplacing(host, lost, replacement, settings.maxHostReplacements());
        facts.warn(why);
        journal.detail(why);
        return false;
      }
      throw stageFailed(Stage.RESTORE, e);
    }
    journal.passed(Stage.RESTORE, OnCallTexts.restored(facts.restore));
    return true;
  }

  private void verify(RestoreHost host) {
    journal.start(Stage.VERIFY, OnCallTexts.verifying(facts.restore));
    facts.verifyStarted();
    try {
      facts.verified(verifyCluster.verifyRestore(
          new VerifyRequest(drillId, request.cluster(), host, facts.snapshot, facts.restore)));
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.VERIFY, e);
    }
    if (!facts.verification.passed()) {
      throw failStage(Stage.VERIFY, FailureType.VERIFICATION_FAILED, OnCallTexts.verificationFailed(facts.verification));
    }
    journal.passed(Stage.VERIFY, OnCallTexts.verified(facts.verification));
  }

  private void tearDownHosts() {
    if (hosts.isEmpty()) {
      journal.skipped(Stage.TEARDOWN, "no restore host was launched");
      return;
    }
    journal.start(Stage.TEARDOWN, OnCallTexts.terminating(hosts.all()));
    hosts.tearDownAll();
    List<RestoreHostLeases.Lease> left = hosts.leftRunning();
    if (left.isEmpty()) {
      journal.passed(Stage.TEARDOWN, OnCallTexts.terminated(hosts.all()));
      return;
    }
    String message = left.stream().anyMatch(l -> l.handedOffTo() != null)
        ? OnCallTexts.teardownHandedOff(left) : OnCallTexts.teardownGaveUp(left);
    journal.failed(Stage.TEARDOWN, FailureType.TEARDOWN_INCOMPLETE, message);
    facts.teardownIncomplete(message);
  }

  private DrillResult writeReport() {
    journal.outcome(facts.outcome());
    journal.start(Stage.REPORT, "writing the drill report");
    ReportLocation location = null;
    try {
      location = reports.writeDrillReport(facts.result(journal.records(), hosts, null));
      journal.passed(Stage.REPORT, "report written to " + location.markdown());
    } catch (ActivityFailure e) {
      String why = OnCallTexts.reportNotWritten(e);
      facts.warn(why);
      journal.failed(Stage.REPORT, FailureType.STAGE_ERROR, why);
    }
    return facts.result(journal.records(), hosts, location);
  }

  /** Marks the stage failed and returns the failure that ends the drill. */
  private ApplicationFailure failStage(Stage stage, FailureType type, String message) {
    facts.failed(type, message);
    journal.failed(stage, type, message);
    return type.failure(message);
  }

  /** Turns an activity's failure into the stage's failure, or into cancellation of the drill. */
  private RuntimeException stageFailed(Stage stage, ActivityFailure e) {
    if (CancellationScope.current().isCancelRequested() || e.getCause() instanceof CanceledFailure) {
      return new CanceledFailure("drill canceled during " + stage);
    }
    StageFailure failure = StageFailure.of(stage, e, settings.maxHostReplacements());
    return failStage(stage, failure.type(), failure.message());
  }

  @Override
  public DrillProgress progress() {
    SnapshotInfo info = facts.snapshotInfo();
    return new DrillProgress(drillId, request != null ? request.cluster() : null, info != null ? info.name() : null,
        journal.current(), facts.outcome(), journal.records(), journal.lastDetail(), healApproval.awaiting(),
        healApproval.markers());
  }

  @Override
  public void hostSlotGranted() {
    if (hostSlot != null) {
      hostSlot.granted();
    }
  }

  @Override
  public void restoreAThonPing() {
    // Nothing to do: that the signal was delivered is the answer.
  }

  @Override
  public void validateHealDecision(HealDecision decision) {
    healApproval.validate(decision, () -> OnCallTexts.notAwaitingHealDecision(
        drillId, request != null ? request.healPolicy() : "unknown", journal.current()));
  }

  @Override
  public String decideHeal(HealDecision decision) {
    return healApproval.decide(decision);
  }
}

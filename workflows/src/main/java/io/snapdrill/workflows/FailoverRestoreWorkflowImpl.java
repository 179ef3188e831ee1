package io.snapdrill.workflows;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.FailoverLeftBehind;
import io.snapdrill.model.FailoverRequest;
import io.snapdrill.model.FailoverTargetRequest;
import io.snapdrill.model.FailoverVerifyRequest;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.model.TargetConflicts;
import io.snapdrill.workflows.activities.FailoverTargetActivities;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.snapdrill.workflows.activities.ReportActivities;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * The failover restore's runbook, shaped like the drill's ({@link DrillWorkflowImpl}) without a restore
 * host: the target cluster stands. Its stages are {@link Stage#FAILOVER}; what they found goes to a
 * {@link DrillFacts}, so the report is the drill's.
 */
public class FailoverRestoreWorkflowImpl implements FailoverRestoreWorkflow {
  private final SourceClusterActivities sourceCluster = ActivityStubs.sourceCluster();
  private final ReplicationActivities replication = ActivityStubs.replication();
  private final FailoverTargetActivities target = ActivityStubs.failoverTarget();
  private final FailoverTargetActivities restoring = ActivityStubs.failoverRestore();
  private final FailoverTargetActivities verifying = ActivityStubs.failoverVerify();
  private final ReportActivities reports = ActivityStubs.reports();

  private final DrillJournal journal = new DrillJournal(Stage.FAILOVER);
  private final DrillFacts facts = new DrillFacts();
  private FailoverRequest request;
  private DrillSettings settings;
  private String failoverId;
  private String repository;
  /** Set once a canceled failover has asked the target what is left: the progress query's last word. */
  private String leftBehind;

  @Override
  public DrillResult run(FailoverRequest request) {
    this.request = request;
    this.settings = request.effectiveSettings();
    this.failoverId = Workflow.getInfo().getWorkflowId();
    facts.started(failoverId, request.sourceCluster(), DrillJournal.now());
    Workflow.upsertTypedSearchAttributes(
        DrillSearchAttributes.CLUSTER.valueSet(request.sourceCluster()),
        DrillSearchAttributes.OUTCOME.valueSet(DrillOutcome.RUNNING.name()));

    CanceledFailure canceled = null;
    Stage canceledIn = null;
    try {
      describeSnapshot();
      confirmReplication();
      registerRepository();
      checkConflicts();
      restore();
      verify();
      facts.ended(DrillOutcome.PASSED);
    } catch (ApplicationFailure stageFailed) {
      facts.ended(DrillOutcome.FAILED);
    } catch (CanceledFailure e) {
      canceled = e;
      canceledIn = journal.current();
      facts.ended(DrillOutcome.CANCELED);
      journal.canceledCurrent();
    }
    journal.skipPending(canceled != null ? "failover restore canceled" : "an earlier stage failed");

    DrillResult[] finalResult = new DrillResult[1];
    Stage stage = canceledIn;
    // The cleanup and the report also run when canceled: a detached scope is not canceled.
    Workflow.newDetachedCancellationScope(() -> {
      if (stage != null) {
        stopRestore(stage);
      }
      finalResult[0] = writeReport();
    }).run();

    if (canceled != null) {
      throw canceled;
    }
    if (facts.outcome() == DrillOutcome.FAILED) {
      throw facts.failure(finalResult[0]);
    }
    return finalResult[0];
  }

  private void describeSnapshot() {
    journal.start(Stage.SNAPSHOT, OnCallTexts.snapshotStarted(true, request.snapshot()));
    try {
      facts.snapshot = sourceCluster.describeSnapshot(
          new SnapshotRequest(failoverId, request.sourceCluster(), request.snapshot()));
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.SNAPSHOT, e);
    }
    SnapshotInfo info = facts.snapshotInfo();
    Workflow.upsertTypedSearchAttributes(DrillSearchAttributes.SNAPSHOT.valueSet(info.name()),
        DrillSearchAttributes.SNAPSHOT_UUID.valueSet(info.uuid()));
    journal.passed(Stage.SNAPSHOT, OnCallTexts.failoverDescribed(info));
  }

  /** The drill's replica check and durable backoff; blobs hidden by delete markers fail it (a failover does not heal). */
  private void confirmReplication() {
    journal.start(Stage.CONFIRM_REPLICATION, "checking the primary bucket's replication rule");
    String uuid = facts.snapshotInfo().uuid();
    try {
      facts.replicationRule = replication.checkReplicationRule(new StorageCheckRequest(request.sourceCluster(), uuid, 0));
      ReplicaWait.Ended wait = ReplicaWait.await(replication, request.sourceCluster(), uuid, settings, facts, journal);
      ReplicaCheck replica = wait.last();
      if (wait.deadlinePassed()) {
        throw failStage(Stage.CONFIRM_REPLICATION, FailureType.REPLICA_INCOMPLETE, OnCallTexts.replicaStillIncomplete(
            replica, facts.snapshotInfo().name(), wait.checks(), settings.replicationDeadline()));
      }
      if (!replica.complete()) {
        throw failStage(Stage.CONFIRM_REPLICATION, FailureType.DELETE_MARKER_HIDES_BLOB,
            OnCallTexts.replicaHiddenFailover(replica));
      }
      journal.passed(Stage.CONFIRM_REPLICATION, OnCallTexts.replicaComplete(replica, wait.checks()));
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.CONFIRM_REPLICATION, e);
    }
  }

  private void registerRepository() {
    journal.start(Stage.REGISTER_REPOSITORY, OnCallTexts.registeringRepository(request.targetCluster()));
    // RTO counts from here: the failover's first change to the target (there is no host to launch)
    facts.provisionStarted();
    try {
      repository = target.registerReplicaRepository(targetRequest());
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.REGISTER_REPOSITORY, e);
    }
    journal.passed(Stage.REGISTER_REPOSITORY, OnCallTexts.repositoryRegistered(repository, request.targetCluster()));
  }

  private void checkConflicts() {
    journal.start(Stage.CHECK_CONFLICTS, OnCallTexts.checkingConflicts(request.targetCluster()));
    try {
      TargetConflicts conflicts = target.checkConflicts(targetRequest());
      if (conflicts.open().isEmpty()) {
        journal.passed(Stage.CHECK_CONFLICTS, OnCallTexts.noConflicts(conflicts));
        return;
      }
      if (!request.closeExisting()) {
        throw failStage(Stage.CHECK_CONFLICTS, FailureType.TARGET_INDICES_OPEN,
            OnCallTexts.targetIndicesOpen(request.targetCluster(), conflicts.open()));
      }
      List<String> closed = target.closeIndices(targetRequest(), conflicts.open());
      String why = OnCallTexts.closedExisting(request.targetCluster(), closed);
      facts.warn(why);
      journal.passed(Stage.CHECK_CONFLICTS, why);
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.CHECK_CONFLICTS, e);
    }
  }

  private void restore() {
    journal.start(Stage.RESTORE, OnCallTexts.restoringOnto(facts.snapshotInfo(), request.targetCluster()));
    facts.restoreStarted();
    try {
      facts.restore = restoring.restoreSnapshot(targetRequest());
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.RESTORE, e);
    }
    journal.passed(Stage.RESTORE, OnCallTexts.restored(facts.restore));
  }

  private void verify() {
    journal.start(Stage.VERIFY, OnCallTexts.verifying(facts.restore));
    facts.verifyStarted();
    try {
      facts.verified(verifying.verifyRestore(new FailoverVerifyRequest(targetRequest(), facts.snapshot, facts.restore)));
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.VERIFY, e);
    }
    if (!facts.verification.passed()) {
      throw failStage(Stage.VERIFY, FailureType.VERIFICATION_FAILED, OnCallTexts.verificationFailed(facts.verification));
    }
    journal.passed(Stage.VERIFY, OnCallTexts.verified(facts.verification));
  }

  /**
   * After a cancel that reached the target (the repository may be registered, indices closed or being
   * restored): deletes what is still being restored and records what is left.
   */
  private void stopRestore(Stage canceledIn) {
    if (canceledIn == Stage.SNAPSHOT || canceledIn == Stage.CONFIRM_REPLICATION) {
      leftBehind = "canceled during " + canceledIn + ", before anything was changed on cluster " + request.targetCluster();
      facts.warn(leftBehind);
      return;
    }
    FailoverLeftBehind left = null;
    try {
      left = target.stopRestore(targetRequest());
    } catch (ActivityFailure e) {
      // said in the text: on-call checks the target by hand
    }
    leftBehind = OnCallTexts.failoverCanceled(canceledIn, request.targetCluster(), left);
    facts.warn(leftBehind);
    journal.detail(leftBehind);
  }

  private DrillResult writeReport() {
    journal.outcome(facts.outcome());
    journal.start(Stage.REPORT, "writing the failover restore report");
    ReportLocation location = null;
    try {
      location = reports.writeDrillReport(facts.result(journal.records(), List.of(), null, null));
      journal.passed(Stage.REPORT, "report written to " + location.markdown());
    } catch (ActivityFailure e) {
      String why = OnCallTexts.reportNotWritten(e);
      facts.warn(why);
      journal.failed(Stage.REPORT, FailureType.STAGE_ERROR, why);
    }
    return facts.result(journal.records(), List.of(), null, location);
  }

  private FailoverTargetRequest targetRequest() {
    return new FailoverTargetRequest(failoverId, request.sourceCluster(), request.targetCluster(), facts.snapshotInfo(),
        request.renamePattern(), request.renameReplacement());
  }

  private ApplicationFailure failStage(Stage stage, FailureType type, String message) {
    facts.failed(type, message);
    journal.failed(stage, type, message);
    return type.failure(message);
  }

  private RuntimeException stageFailed(Stage stage, ActivityFailure e) {
    if (CancellationScope.current().isCancelRequested() || e.getCause() instanceof CanceledFailure) {
      return new CanceledFailure("failover restore canceled during " + stage);
    }
    StageFailure failure = StageFailure.of(stage, e, 0);
    return failStage(stage, failure.type(), failure.message());
  }

  @Override
  public DrillProgress progress() {
    SnapshotInfo info = facts.snapshotInfo();
    return new DrillProgress(failoverId, request != null ? request.sourceCluster() : null, info != null ? info.name() : null,
        journal.current(), facts.outcome(), journal.records(), leftBehind != null ? leftBehind : journal.lastDetail(),
        false, List.of());
  }
}

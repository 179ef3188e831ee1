package io.snapdrill.workflows;

import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealDecision;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.HostCost;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.ReplicationRuleCheck;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreRequest;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.model.VerifyRequest;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.snapdrill.workflows.activities.ReportActivities;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;

public class DrillWorkflowImpl implements DrillWorkflow {
  private static final Logger log = Workflow.getLogger(DrillWorkflowImpl.class);

  private final SourceClusterActivities sourceCluster = ActivityStubs.sourceCluster();
  private final ReplicationActivities replication = ActivityStubs.replication();
  private final StorageAuditActivities storage = ActivityStubs.storageAudit();
  private final RestoreHostActivities restoreHost = ActivityStubs.restoreHostLaunch();
  private final RestoreHostActivities teardownHost = ActivityStubs.restoreHostTeardown();
  private final RestoreClusterActivities restoreCluster = ActivityStubs.restoreCluster();
  private final ReportActivities reports = ActivityStubs.reports();

  private final DrillJournal journal = new DrillJournal();
  private final List<HostLease> hosts = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private DrillRequest request;
  private DrillSettings settings;
  private String drillId;
  private Instant startedAt;
  private DrillOutcome outcome = DrillOutcome.RUNNING;
  private FailureType failureType;
  private String failureMessage;

  private SnapshotResult snapshot;
  private ReplicationRuleCheck replicationRule;
  private ReplicaCheck replicaCheck;
  private StorageAudit audit;
  private HealReport heal;
  private RestoreResult restore;
  private VerificationReport verification;
  private Instant restoreStartedAt;
  private Instant verifiedAt;

  private boolean awaitingHealDecision;
  private List<DeleteMarker> markersToHeal = List.of();
  private HealDecision healDecision;

  @Override
  public DrillResult run(DrillRequest request) {
    this.request = request;
    this.settings = request.effectiveSettings();
    this.drillId = Workflow.getInfo().getWorkflowId();
    this.startedAt = DrillJournal.now();
    Workflow.upsertTypedSearchAttributes(
        DrillSearchAttributes.CLUSTER.valueSet(request.cluster()),
        DrillSearchAttributes.OUTCOME.valueSet(DrillOutcome.RUNNING.name()));

    Saga teardowns = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
    CanceledFailure canceled = null;
    try {
      takeOrDescribeSnapshot();
      confirmReplication();
      auditStorage();
      restoreAndVerify(teardowns);
      outcome = DrillOutcome.PASSED;
    } catch (ApplicationFailure stageFailed) {
      outcome = DrillOutcome.FAILED;
    } catch (CanceledFailure e) {
      canceled = e;
      outcome = DrillOutcome.CANCELED;
      if (journal.current() != null) {
        journal.canceled(journal.current());
      }
    }
    journal.skipPending(outcome == DrillOutcome.CANCELED ? "drill canceled" : "an earlier stage failed");

    // Teardown and report also run when the drill was canceled: a detached scope is not canceled.
    DrillResult[] finalResult = new DrillResult[1];
    Workflow.newDetachedCancellationScope(
            () -> {
              tearDownAll(teardowns);
              finalResult[0] = writeReport();
            })
        .run();

    if (canceled != null) {
      throw canceled;
    }
    if (outcome == DrillOutcome.FAILED) {
      // The history shows this message to on-call: it ends with the runbook hint of the failure type.
      throw ApplicationFailure.newNonRetryableFailure(failureType.withHint(failureMessage), failureType.name(), finalResult[0]);
    }
    return finalResult[0];
  }

  private void takeOrDescribeSnapshot() {
    boolean existing = request.existingSnapshot();
    journal.start(Stage.SNAPSHOT, existing ? "describing snapshot " + request.snapshot() : "taking a snapshot");
    SnapshotRequest snapshotRequest = new SnapshotRequest(drillId, request.cluster(), request.snapshot());
    try {
      snapshot = existing
          ? sourceCluster.describeSnapshot(snapshotRequest)
          : sourceCluster.takeSnapshot(snapshotRequest);
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.SNAPSHOT, e);
    }
    SnapshotInfo info = snapshot.snapshot();
    Workflow.upsertTypedSearchAttributes(DrillSearchAttributes.SNAPSHOT.valueSet(info.name()));
    String what = info.name() + " (" + info.uuid() + "), " + info.indices().size() + " indices";
    if (existing) {
      journal.skipped(Stage.SNAPSHOT, "drill of existing snapshot " + what + "; no snapshot taken");
    } else {
      journal.passed(Stage.SNAPSHOT, "took snapshot " + what);
    }
  }

  private void confirmReplication() {
    journal.start(Stage.CONFIRM_REPLICATION, "checking the primary bucket's replication rule");
    String uuid = snapshot.snapshot().uuid();
    try {
      replicationRule = replication.checkReplicationRule(new StorageCheckRequest(request.cluster(), uuid, 0));
      Instant deadline = DrillJournal.now().plus(settings.replicationDeadline());
      Duration pause = settings.replicationFirstBackoff();
      for (int check = 1; ; check++) {
        replicaCheck = replication.checkReplica(new StorageCheckRequest(request.cluster(), uuid, check));
        if (replicaCheck.complete()) {
          journal.passed(Stage.CONFIRM_REPLICATION,
              "replica s3://" + replicaCheck.replicaBucket() + " holds all " + replicaCheck.requiredBlobs()
                  + " blobs (" + replicaCheck.requiredBytes() + " bytes) after " + check + " check(s)");
          return;
        }
        if (replicaCheck.onlyDeleteMarkersRemain()) {
          // Replication never removes a delete marker, so waiting is pointless; AUDIT_STORAGE names
          // them and may heal them.
          warnings.add("replica blobs hidden by delete markers: " + summarize(replicaCheck));
          journal.passed(Stage.CONFIRM_REPLICATION,
              "replica holds every blob, but " + replicaCheck.problems().size()
                  + " are hidden by delete markers (see AUDIT_STORAGE)");
          return;
        }
        Duration left = Duration.between(DrillJournal.now(), deadline);
        if (left.isZero() || left.isNegative()) {
          throw failStage(Stage.CONFIRM_REPLICATION, FailureType.REPLICA_INCOMPLETE,
              "replica s3://" + replicaCheck.replicaBucket() + " is still incomplete for snapshot "
                  + snapshot.snapshot().name() + " after " + check + " checks over "
                  + settings.replicationDeadline() + ": " + summarize(replicaCheck)
                  + ". Check the replication rule's status and failed-operation metrics; objects that"
                  + " never replicated need S3 Batch Replication.");
        }
        Duration sleep = pause.compareTo(left) < 0 ? pause : left;
        journal.detail("check " + check + ": " + replicaCheck.problems().size() + " of "
            + replicaCheck.requiredBlobs() + " blobs not replicated yet; next check in " + sleep);
        Workflow.sleep(sleep);
        Duration doubled = pause.multipliedBy(2);
        pause = doubled.compareTo(settings.replicationMaxBackoff()) < 0 ? doubled : settings.replicationMaxBackoff();
      }
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.CONFIRM_REPLICATION, e);
    }
  }

  private void auditStorage() {
    journal.start(Stage.AUDIT_STORAGE, "auditing versioning, lifecycle rules and delete markers");
    StorageCheckRequest auditRequest = new StorageCheckRequest(request.cluster(), snapshot.snapshot().uuid(), 1);
    try {
      audit = storage.auditStorage(auditRequest);
      if (!audit.unversioned().isEmpty()) {
        throw failStage(Stage.AUDIT_STORAGE, FailureType.VERSIONING_DISABLED,
            audit.unversioned().stream()
                    .map(b -> "versioning is " + (b.versioningStatus() == null || b.versioningStatus().isEmpty()
                        ? "not enabled" : b.versioningStatus()) + " on s3://" + b.bucket() + " (" + b.role() + ")")
                    .collect(Collectors.joining("; "))
                + ": without it a deleted or expired blob is gone for good. Enable versioning on the bucket.");
      }
      List<LifecycleFinding> hazards = audit.findings(LifecycleVerdict.HAZARD);
      List<DeleteMarker> hiding = audit.markersHidingNeededBlobs();
      if (!hazards.isEmpty()) {
        String markers = hiding.isEmpty() ? "" : " Delete markers already hide: " + describe(hiding) + ".";
        throw failStage(Stage.AUDIT_STORAGE, FailureType.LIFECYCLE_RULE_COVERS_REPOSITORY,
            hazards.stream()
                    .map(f -> "lifecycle rule '" + f.ruleId() + "' on s3://" + f.bucket() + ": " + f.reason()
                        + ". Fix: " + f.fix())
                    .collect(Collectors.joining("; "))
                + "." + markers);
      }
      audit.findings(LifecycleVerdict.WARNING).forEach(f ->
          warnings.add("lifecycle rule '" + f.ruleId() + "' on s3://" + f.bucket() + ": " + f.reason()));
      if (!hiding.isEmpty()) {
        healOrFail(auditRequest, hiding);
      }
    } catch (ActivityFailure e) {
      throw stageFailed(Stage.AUDIT_STORAGE, e);
    }
    journal.passed(Stage.AUDIT_STORAGE, heal != null && !heal.dryRun()
        ? "healed " + heal.removed().size() + " delete marker(s); storage is safe"
        : "versioning on, no lifecycle rule touches the repository, no blob hidden");
  }

  private void healOrFail(StorageCheckRequest auditRequest, List<DeleteMarker> hiding) {
    switch (request.healPolicy()) {
      case NEVER -> {
        heal = storage.healDeleteMarkers(new HealRequest(request.cluster(), hiding, true));
        throw failStage(Stage.AUDIT_STORAGE, FailureType.DELETE_MARKER_HIDES_BLOB,
            describe(hiding) + ". Heal policy NEVER changed nothing: remove these delete markers"
                + " (run the drill with --heal auto, or --heal ask to approve it) and fix whatever made them.");
      }
      case AUTO -> healNow(auditRequest, hiding, null);
      case ASK -> {
        markersToHeal = hiding;
        awaitingHealDecision = true;
        journal.detail("waiting up to " + settings.healDecisionDeadline() + " for an operator to approve"
            + " removing " + hiding.size() + " delete marker(s) (snapdrill approve-heal " + drillId + ")");
        boolean decided = Workflow.await(settings.healDecisionDeadline(), () -> healDecision != null);
        awaitingHealDecision = false;
        if (!decided) {
          throw failStage(Stage.AUDIT_STORAGE, FailureType.DELETE_MARKER_HIDES_BLOB,
              "no operator decided within " + settings.healDecisionDeadline() + " whether to heal: "
                  + describe(hiding));
        }
        if (!healDecision.approve()) {
          throw failStage(Stage.AUDIT_STORAGE, FailureType.DELETE_MARKER_HIDES_BLOB,
              "operator " + healDecision.operator() + " denied healing"
                  + (healDecision.reason() == null ? "" : " (" + healDecision.reason() + ")") + ": "
                  + describe(hiding));
        }
        healNow(auditRequest, hiding, healDecision.operator());
      }
    }
  }

  private void healNow(StorageCheckRequest auditRequest, List<DeleteMarker> hiding, String approvedBy) {
    journal.detail("removing " + hiding.size() + " delete marker(s)");
    heal = storage.healDeleteMarkers(new HealRequest(request.cluster(), hiding, false)).withApprover(approvedBy);
    audit = storage.auditStorage(auditRequest);
    List<DeleteMarker> remaining = audit.markersHidingNeededBlobs();
    if (!remaining.isEmpty()) {
      throw failStage(Stage.AUDIT_STORAGE, FailureType.DELETE_MARKER_HIDES_BLOB,
          "healing left " + remaining.size() + " delete marker(s) in place (no earlier version to bring back): "
              + describe(remaining));
    }
  }

  private void restoreAndVerify(Saga teardowns) {
    SnapshotInfo info = snapshot.snapshot();
    for (int replacement = 0; ; replacement++) {
      HostLease lease = new HostLease(Workflow.randomUUID().toString());
      hosts.add(lease);
      // Registered BEFORE the launch: a launch that half-happened, or whose answer was lost, is torn
      // down as well (teardown finds the host by its key).
      teardowns.addCompensation(() -> tearDown(lease));
      journal.start(Stage.PROVISION_HOST, "launching a restore host"
          + (replacement > 0 ? " (replacement " + replacement + ")" : ""));
      lease.requestedAt = DrillJournal.now();
      try {
        lease.host = restoreHost.provisionHost(new ProvisionRequest(lease.key, drillId, request.cluster(), info));
      } catch (ActivityFailure e) {
        throw stageFailed(Stage.PROVISION_HOST, e);
      }
      journal.passed(Stage.PROVISION_HOST, describe(lease.host));

      journal.start(Stage.RESTORE, "restoring " + info.name() + " on " + lease.host.hostId());
      if (restoreStartedAt == null) {
        restoreStartedAt = DrillJournal.now();
      }
      try {
        restore = restoreCluster.restoreSnapshot(new RestoreRequest(drillId, request.cluster(), lease.host, info));
      } catch (ActivityFailure e) {
        if (hostLost(e) && replacement < settings.maxHostReplacements()) {
          String why = "restore host " + lease.host.hostId() + " was lost during restore ("
              + FailureType.withoutHint(((ApplicationFailure) e.getCause()).getOriginalMessage()) + "); launching replacement " + (replacement + 1) + " of "
              + settings.maxHostReplacements();
          warnings.add(why);
          journal.detail(why);
          tearDown(lease);
          continue;
        }
        throw stageFailed(Stage.RESTORE, e);
      }
      journal.passed(Stage.RESTORE, "restored " + restore.indices().size() + " indices, " + restore.shards()
          + " shards, " + restore.bytesRecovered() + " bytes");

      journal.start(Stage.VERIFY, "verifying " + restore.indices().size() + " indices");
      try {
        verification = restoreCluster.verifyRestore(new VerifyRequest(drillId, request.cluster(), lease.host, snapshot, restore));
      } catch (ActivityFailure e) {
        throw stageFailed(Stage.VERIFY, e);
      }
      verifiedAt = DrillJournal.now();
      if (!verification.passed()) {
        List<String> failures = verification.failures();
        throw failStage(Stage.VERIFY, FailureType.VERIFICATION_FAILED,
            failures.size() + " verification failure(s): " + String.join("; ", failures));
      }
      journal.passed(Stage.VERIFY, verification.indices().size() + " indices verified, cluster "
          + verification.clusterHealth());
      return;
    }
  }

  private void tearDownAll(Saga teardowns) {
    if (hosts.isEmpty()) {
      journal.skipped(Stage.TEARDOWN, "no restore host was launched");
      return;
    }
    journal.start(Stage.TEARDOWN, "terminating " + hosts.size() + " restore host(s)");
    teardowns.compensate();
    List<HostLease> left = hosts.stream().filter(h -> !h.tornDown).toList();
    if (left.isEmpty()) {
      journal.passed(Stage.TEARDOWN, "terminated " + hosts.stream()
          .map(h -> h.host != null ? h.host.hostId() : "key " + h.key).collect(Collectors.joining(", ")));
      return;
    }
    String message = "teardown gave up on " + left.stream().map(h -> "host key " + h.key
            + (h.host != null ? " (" + h.host.hostId() + ")" : "") + ": " + h.teardownError)
        .collect(Collectors.joining("; ")) + ". It may still be running and costing money: terminate it by hand"
        + " (tag snapdrill:host-key); the janitor also retries.";
    journal.failed(Stage.TEARDOWN, FailureType.TEARDOWN_INCOMPLETE, message);
    if (outcome != DrillOutcome.FAILED) {
      // A drill that leaked a host has not passed, whatever it verified.
      outcome = outcome == DrillOutcome.CANCELED ? outcome : DrillOutcome.FAILED;
      failureType = FailureType.TEARDOWN_INCOMPLETE;
      failureMessage = message;
    } else {
      warnings.add(message);
    }
  }

  private void tearDown(HostLease lease) {
    if (lease.tornDown) {
      return;
    }
    try {
      teardownHost.teardownHost(new TeardownRequest(lease.key, drillId, request.cluster(),
          lease.host != null ? lease.host.hostId() : null));
      lease.tornDown = true;
      lease.tornDownAt = DrillJournal.now();
    } catch (ActivityFailure e) {
      lease.teardownError = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      log.error("teardown of restore host {} failed: {}", lease.key, lease.teardownError);
    }
  }

  private DrillResult writeReport() {
    journal.outcome(outcome);
    journal.start(Stage.REPORT, "writing the drill report");
    ReportLocation location = null;
    try {
      location = reports.writeDrillReport(result(null));
      journal.passed(Stage.REPORT, "report written to " + location.markdown());
    } catch (ActivityFailure e) {
      String why = "the report could not be written: " + (e.getCause() != null ? e.getCause().getMessage() : e);
      warnings.add(why);
      journal.failed(Stage.REPORT, FailureType.STAGE_ERROR, why);
    }
    return result(location);
  }

  private DrillResult result(ReportLocation location) {
    SnapshotInfo info = snapshot != null ? snapshot.snapshot() : null;
    Long rpo = info != null && info.startTime() != null
        ? Math.max(0, Duration.between(info.startTime(), startedAt).toSeconds()) : null;
    Long rto = restoreStartedAt != null && verifiedAt != null
        ? Duration.between(restoreStartedAt, verifiedAt).toSeconds() : null;
    return new DrillResult(drillId, request.cluster(), outcome, failureType, failureMessage, info,
        journal.records(), startedAt, DrillJournal.now(), rpo, rto, replicationRule, replicaCheck, audit, heal,
        hosts.stream().filter(h -> h.host != null).map(h -> h.host).toList(), hostCostUsd(), restore,
        verification, List.copyOf(warnings), location);
  }

  /**
   * Workflow time from asking for each host to its confirmed termination (or now, while it may still
   * run), priced at the host's hourly rate: deterministic, and never less than what EC2 bills.
   */
  private Double hostCostUsd() {
    Instant now = DrillJournal.now();
    List<Double> costs = new ArrayList<>();
    for (HostLease lease : hosts) {
      if (lease.host != null && lease.host.pricePerHourUsd() != null) {
        Instant until = lease.tornDownAt != null ? lease.tornDownAt : now;
        costs.add(HostCost.estimateUsd(lease.host.pricePerHourUsd(), Duration.between(lease.requestedAt, until)));
      }
    }
    return HostCost.sumUsd(costs);
  }

  /** Marks the stage failed and returns the failure that ends the drill. */
  private ApplicationFailure failStage(Stage stage, FailureType type, String message) {
    failureType = type;
    failureMessage = message;
    journal.failed(stage, type, message);
    return type.failure(message);
  }

  /** Turns an activity's failure into the stage's failure, or into cancellation of the drill. */
  private RuntimeException stageFailed(Stage stage, ActivityFailure e) {
    if (CancellationScope.current().isCancelRequested() || e.getCause() instanceof CanceledFailure) {
      return new CanceledFailure("drill canceled during " + stage);
    }
    Throwable cause = e.getCause();
    if (cause instanceof ApplicationFailure af) {
      FailureType type = FailureType.fromName(af.getType());
      // The drill records the activity's own message; its hint is appended again, once, where it is shown.
      String message = FailureType.withoutHint(af.getOriginalMessage());
      if (type == FailureType.RESTORE_HOST_LOST) {
        return failStage(stage, FailureType.RESTORE_FAILED, "the restore host was lost "
            + (settings.maxHostReplacements() + 1) + " time(s); last: " + message);
      }
      if (type != null) {
        return failStage(stage, type, message);
      }
      return failStage(stage, FailureType.STAGE_ERROR,
          stage + " failed after retries: " + af.getType() + ": " + message);
    }
    if (cause instanceof TimeoutFailure tf) {
      return failStage(stage, FailureType.STAGE_ERROR, stage + " timed out (" + tf.getTimeoutType() + ")");
    }
    return failStage(stage, FailureType.STAGE_ERROR,
        stage + " failed: " + (cause != null ? cause.getMessage() : e.getMessage()));
  }

  private static boolean hostLost(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure af
        && FailureType.RESTORE_HOST_LOST.name().equals(af.getType());
  }

  private static String describe(RestoreHost host) {
    return host.provider() + " host " + host.hostId()
        + (host.instanceType() != null ? " (" + host.instanceType() + (host.spot() ? " spot" : "") + " in "
            + host.availabilityZone() + ")" : "")
        + " at " + host.endpoint();
  }

  private static String describe(List<DeleteMarker> markers) {
    int shown = Math.min(markers.size(), 10);
    String listed = markers.subList(0, shown).stream()
        .map(m -> "s3://" + m.bucket() + "/" + m.key() + " (needed by " + String.join(", ", m.breaksSnapshots()) + ")")
        .collect(Collectors.joining(", "));
    return markers.size() + " delete marker(s) hide blobs snapshots need: " + listed
        + (markers.size() > shown ? " and " + (markers.size() - shown) + " more" : "");
  }

  private static String summarize(ReplicaCheck check) {
    int shown = Math.min(check.problems().size(), 10);
    return check.problems().size() + " of " + check.requiredBlobs() + " required blobs: "
        + check.problems().subList(0, shown).stream().map(p -> p.describe()).collect(Collectors.joining(", "))
        + (check.problems().size() > shown ? " and " + (check.problems().size() - shown) + " more" : "");
  }

  @Override
  public DrillProgress progress() {
    return new DrillProgress(drillId, request != null ? request.cluster() : null,
        snapshot != null ? snapshot.snapshot().name() : null, journal.current(), outcome, journal.records(),
        journal.lastDetail(), awaitingHealDecision, markersToHeal);
  }

  @Override
  public void validateHealDecision(HealDecision decision) {
    if (decision == null || decision.operator() == null || decision.operator().isBlank()) {
      throw new IllegalArgumentException("a heal decision must name the operator who made it");
    }
    if (!awaitingHealDecision) {
      throw new IllegalStateException("drill " + drillId + " is not waiting for a heal decision"
          + " (heal policy " + (request != null ? request.healPolicy() : "unknown") + ", stage " + journal.current() + ")");
    }
  }

  @Override
  public String decideHeal(HealDecision decision) {
    healDecision = decision;
    return (decision.approve() ? "approved: removing " : "denied: keeping ") + markersToHeal.size()
        + " delete marker(s) (" + decision.operator() + ")";
  }

  /** One launched (or attempted) restore host and whether its teardown finished. */
  private static final class HostLease {
    final String key;
    RestoreHost host;
    Instant requestedAt;
    Instant tornDownAt;
    boolean tornDown;
    String teardownError;

    HostLease(String key) {
      this.key = key;
    }
  }
}

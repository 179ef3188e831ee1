package io.snapdrill.workflows;

import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealDecision;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HumanDuration;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.Stage;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.model.VerificationReport;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a drill tells on-call: stage details (progress query, report, history) and failure messages.
 * Each failure message names the bucket, rule, key, host or index at fault and what to do; the
 * failure type's runbook hint is appended where the message is shown, not here.
 */
final class OnCallTexts {
  private static final int LISTED = 10;

  private OnCallTexts() {}

  // SNAPSHOT

  static String snapshotStarted(boolean existing, String snapshot) {
    return existing ? "describing snapshot " + snapshot : "taking a snapshot";
  }

  static String snapshotDescribed(SnapshotInfo info) {
    return "drill of existing snapshot " + what(info) + "; no snapshot taken";
  }

  static String snapshotTaken(SnapshotInfo info) {
    return "took snapshot " + what(info);
  }

  private static String what(SnapshotInfo info) {
    return info.name() + " (" + info.uuid() + "), " + info.totalIndices() + " indices";
  }

  // CONFIRM_REPLICATION

  static String replicaComplete(ReplicaCheck check, int checks) {
    return "replica s3://" + check.replicaBucket() + " holds all " + check.requiredBlobs()
        + " blobs (" + check.requiredBytes() + " bytes) after " + checks + " check(s)";
  }

  static String replicaHiddenByDeleteMarkersWarning(ReplicaCheck check) {
    return "blobs hidden by delete markers (replica or primary): " + summarize(check);
  }

  static String replicaHiddenByDeleteMarkers(ReplicaCheck check) {
    return "replica holds every blob, but " + check.totalProblems()
        + " are hidden by delete markers in the replica or the primary (see AUDIT_STORAGE)";
  }

  static String replicaStillIncomplete(ReplicaCheck check, String snapshot, int checks, Duration deadline) {
    return "replica s3://" + check.replicaBucket() + " is still incomplete for snapshot "
        + snapshot + " after " + checks + " checks over "
        + HumanDuration.of(deadline) + ": " + summarize(check)
        + ". Check the replication rule's status and failed-operation metrics; objects that"
        + " never replicated need S3 Batch Replication.";
  }

  static String replicaNextCheck(ReplicaCheck check, int checks, Duration sleep) {
    return "check " + checks + ": " + check.totalProblems() + " of "
        + check.requiredBlobs() + " blobs not replicated yet; next check in " + HumanDuration.of(sleep);
  }

  private static String summarize(ReplicaCheck check) {
    int shown = Math.min(check.problems().size(), LISTED);
    return check.totalProblems() + " of " + check.requiredBlobs() + " required blobs: "
        + check.problems().subList(0, shown).stream().map(p -> p.describe()).collect(Collectors.joining(", "))
        + (check.totalProblems() > shown ? " and " + (check.totalProblems() - shown) + " more" : "")
        + (check.problemEvidence() == null ? "" : " (every one in " + check.problemEvidence().uri() + ")");
  }

  // AUDIT_STORAGE

  static String versioningDisabled(List<BucketAudit> unversioned) {
    return unversioned.stream()
            .map(b -> "versioning is " + (b.versioningStatus() == null || b.versioningStatus().isEmpty()
                ? "not enabled" : b.versioningStatus()) + " on s3://" + b.bucket() + " (" + b.role() + ")")
            .collect(Collectors.joining("; "))
        + ": without it a deleted or expired blob is gone for good. Enable versioning on the bucket.";
  }

  static String lifecycleRulesCoverRepository(List<LifecycleFinding> hazards, List<DeleteMarker> hiding, int count) {
    String markers = hiding.isEmpty() ? "" : " Delete markers already hide: " + describe(hiding, count) + ".";
    return hazards.stream()
            .map(f -> "lifecycle rule '" + f.ruleId() + "' on s3://" + f.bucket() + ": " + f.reason()
                + ". Fix: " + f.fix())
            .collect(Collectors.joining("; "))
        + "." + markers;
  }

  static String lifecycleRuleWarning(LifecycleFinding f) {
    return "lifecycle rule '" + f.ruleId() + "' on s3://" + f.bucket() + ": " + f.reason();
  }

  static String storageSafe(HealReport heal) {
    return heal != null && !heal.dryRun()
        ? "healed: removed " + heal.markersRemoved() + " delete marker(s) over " + heal.healedBlobs()
            + " blob(s) snapshots need; storage is safe"
        : "versioning on, no lifecycle rule touches the repository, no blob hidden";
  }

  static String deleteMarkersNotHealed(List<DeleteMarker> hiding, int count) {
    return describe(hiding, count) + ". Heal policy NEVER changed nothing: remove these delete markers"
        + " (run the drill with --heal auto, or --heal ask to approve it) and fix whatever made them.";
  }

  static String awaitingHealDecision(int count, Duration deadline, String drillId) {
    return "waiting up to " + HumanDuration.of(deadline) + " for an operator to approve"
        + " removing " + count + " delete marker(s) (snapdrill approve-heal " + drillId + ")";
  }

  /** Why the drill does not heal: nobody decided by the deadline (decision null), or the operator denied it. */
  static String healNotApproved(HealDecision decision, List<DeleteMarker> hiding, int count, Duration deadline) {
    if (decision == null) {
      return "no operator decided within " + HumanDuration.of(deadline) + " whether to heal: " + describe(hiding, count);
    }
    return "operator " + decision.operator() + " denied healing"
        + (decision.reason() == null ? "" : " (" + decision.reason() + ")") + ": " + describe(hiding, count);
  }

  static String healDecided(HealDecision decision, int markers) {
    return (decision.approve() ? "approved: removing " : "denied: keeping ") + markers
        + " delete marker(s) (" + decision.operator() + ")";
  }

  /** Why a second heal decision is refused: the drill follows the first one. */
  static String healAlreadyDecided(HealDecision decision) {
    return "the heal decision was already decided: " + decision.operator()
        + (decision.approve() ? " approved" : " denied") + " healing"
        + (decision.identity() != null ? " (from " + decision.identity() + ")" : "");
  }

  static String healing(int count) {
    return "removing " + count + " delete marker(s)";
  }

  static String healingLeftMarkers(List<DeleteMarker> remaining, int count) {
    return "healing left " + count + " delete marker(s) in place (no earlier version to bring back): "
        + describe(remaining, count);
  }

  static String notAwaitingHealDecision(String drillId, Object healPolicy, Stage stage) {
    return "drill " + drillId + " is not waiting for a heal decision"
        + " (heal policy " + healPolicy + ", stage " + stage + ")";
  }

  /** The first markers listed, and how many more there are of {@code count} in all (the audit lists a few). */
  private static String describe(List<DeleteMarker> markers, int count) {
    int shown = Math.min(markers.size(), LISTED);
    String listed = markers.subList(0, shown).stream()
        .map(m -> "s3://" + m.bucket() + "/" + m.key() + " (needed by " + String.join(", ", m.breaksSnapshots()) + ")")
        .collect(Collectors.joining(", "));
    int total = Math.max(count, markers.size());
    return total + " delete marker(s) hide blobs snapshots need: " + listed
        + (total > shown ? " and " + (total - shown) + " more" : "");
  }

  // PROVISION_HOST, RESTORE, VERIFY

  static String launching(int replacement) {
    return "launching a restore host" + (replacement > 0 ? " (replacement " + replacement + ")" : "");
  }

  static String launched(RestoreHost host) {
    return host.provider() + " host " + host.hostId()
        + (host.instanceType() != null ? " (" + host.instanceType() + (host.spot() ? " spot" : "") + " in "
            + host.availabilityZone() + ")" : "")
        + " at " + host.endpoint();
  }

  static String restoring(SnapshotInfo snapshot, RestoreHost host) {
    return "restoring " + snapshot.name() + " on " + host.hostId();
  }

  static String hostLostReplacing(RestoreHost host, String why, int replacement, int maxReplacements) {
    return "restore host " + host.hostId() + " was lost during restore (" + why + "); launching replacement "
        + (replacement + 1) + " of " + maxReplacements;
  }

  static String hostLostTooOften(int maxReplacements, String last) {
    return "the restore host was lost " + (maxReplacements + 1) + " time(s); last: " + last;
  }

  static String restored(RestoreResult restore) {
    return "restored " + restore.totalIndices() + " indices, " + restore.shards()
        + " shards, " + restore.bytesRecovered() + " bytes";
  }

  static String verifying(RestoreResult restore) {
    return "verifying " + restore.totalIndices() + " indices";
  }

  static String verificationFailed(VerificationReport verification) {
    List<String> failures = verification.failures();
    int count = verification.problems().size() + verification.failedIndices();
    return count + " verification failure(s): " + String.join("; ", failures);
  }

  static String verified(VerificationReport verification) {
    return verification.totalIndices() + " indices verified, cluster " + verification.clusterHealth();
  }

  // TEARDOWN, REPORT

  static String terminating(List<RestoreHostLeases.Lease> leases) {
    return "terminating " + leases.size() + " restore host(s)";
  }

  static String terminated(List<RestoreHostLeases.Lease> leases) {
    return "terminated " + leases.stream()
        .map(l -> l.host() != null ? l.host().hostId() : "key " + l.key).collect(Collectors.joining(", "));
  }

  static String teardownGaveUp(List<RestoreHostLeases.Lease> left) {
    return "teardown gave up on " + left.stream().map(l -> "host key " + l.key
            + (l.host() != null ? " (" + l.host().hostId() + ")" : "") + ": " + l.teardownError())
        .collect(Collectors.joining("; ")) + ". It may still be running and costing money: terminate it by hand"
        + " (tag snapdrill:host-key); the janitor also retries.";
  }

  static String teardownHandedOff(List<RestoreHostLeases.Lease> left) {
    return "teardown did not finish within " + ActivityStubs.TEARDOWN_INLINE_BUDGET.toMinutes() + " min for "
        + left.stream().map(l -> "host key " + l.key + (l.host() != null ? " (" + l.host().hostId() + ")" : "")
            + ": " + l.teardownError() + "; handed to workflow " + HostTeardownWorkflow.workflowId(l.key))
        .collect(Collectors.joining("; "))
        + ". That workflow keeps trying for " + HostTeardownWorkflowImpl.GIVE_UP_AFTER.toDays() + " days; until it"
        + " ends the host may still be running and costing money (terminate it by hand: tag snapdrill:host-key).";
  }

  static String handOffGaveUp(TeardownRequest request, int attempts, String lastError) {
    return "teardown of host key " + request.hostKey() + (request.hostId() != null ? " (" + request.hostId() + ")" : "")
        + " of drill " + request.drillId() + " gave up after " + attempts + " attempts over "
        + HostTeardownWorkflowImpl.GIVE_UP_AFTER.toDays() + " days: " + lastError
        + ". It may still be running and costing money: terminate it by hand (tag snapdrill:host-key "
        + request.hostKey() + ").";
  }

  static String reportNotWritten(Throwable e) {
    return "the report could not be written: " + (e.getCause() != null ? e.getCause().getMessage() : e);
  }

  // failover restore

  static String failoverDescribed(SnapshotInfo info) {
    return "failover of existing snapshot " + what(info);
  }

  static String replicaHiddenFailover(ReplicaCheck check) {
    return "the replica cannot restore this snapshot: " + summarize(check) + "; delete markers hide blobs it needs"
        + " (a failover does not heal): remove them with snapdrill heal s3://<replica-bucket>/<prefix> --approve NAME"
        + " and run the restore again";
  }

  static String registeringRepository(String target) {
    return "registering the replica repository read-only on cluster " + target;
  }

  static String repositoryRegistered(String repository, String target) {
    return "repository " + repository + " registered read-only on cluster " + target;
  }

  static String checkingConflicts(String target) {
    return "looking for open indices on cluster " + target + " with the names the restore writes";
  }

  static String targetIndicesOpen(String target, List<String> open) {
    return "cluster " + target + " has " + open.size() + " open index(es) this restore would overwrite: "
        + String.join(", ", open) + "; nothing was restored. Restore beside them with --rename-pattern and"
        + " --rename-replacement, or replace them with --close-existing";
  }

  static String closedExisting(String target, List<String> closed) {
    return "closed " + closed.size() + " open index(es) on cluster " + target + " for the restore to overwrite (--close-existing): "
        + String.join(", ", closed);
  }

  static String noConflicts(io.snapdrill.model.TargetConflicts conflicts) {
    return conflicts.targetIndices().size() + " index(es) to write, none open on the target"
        + (conflicts.closed().isEmpty() ? "" : "; closed ones the restore overwrites: " + String.join(", ", conflicts.closed()));
  }

  static String restoringOnto(SnapshotInfo snapshot, String target) {
    return "restoring " + snapshot.name() + " onto cluster " + target;
  }

  static String failoverCanceled(Stage stage, String target, io.snapdrill.model.FailoverLeftBehind left) {
    if (left == null) {
      return "canceled during " + stage + "; cluster " + target + " could not be asked what is left: check its"
          + " indices and repositories by hand";
    }
    StringBuilder s = new StringBuilder("canceled during ").append(stage).append(". Left on cluster ").append(target).append(": ");
    s.append(left.deleted().isEmpty() ? "no index was being restored"
        : "deleted " + left.deleted().size() + " index(es) still being restored, which stops the restore: "
            + String.join(", ", left.deleted()));
    s.append(left.remaining().isEmpty() ? "; none of the restore's indices exist"
        : "; still there: " + String.join(", ", left.remaining()));
    s.append(left.repository() == null ? "; no repository was registered"
        : "; repository " + left.repository() + " stays registered read-only (DELETE _snapshot/" + left.repository()
            + " removes it; a new restore reuses it)");
    return s.toString();
  }

  // restore-a-thon

  static String drillAlreadyRunning(String drillId) {
    return "could not start: workflow " + drillId + " is already running (an earlier drill under this id);"
        + " wait for it or cancel it, then run the restore-a-thon again";
  }

  static String waitingForHostSlot(String restoreAThonId) {
    return "waiting for a restore host slot of " + restoreAThonId
        + " (its maxConcurrentDrills hosts are in use; `snapdrill` query progress on it shows who holds them)";
  }

  static String drillEndedUnreported(String drillId) {
    return "drill " + drillId + " ended without reporting to its restore-a-thon (terminated, or it failed outside"
        + " its stages); see its history";
  }

  // any stage

  static String stageGaveUp(Stage stage, String type, String message) {
    return stage + " failed after retries: " + type + ": " + message;
  }

  static String stageTimedOut(Stage stage, Object timeoutType) {
    return stage + " timed out (" + timeoutType + ")";
  }

  static String stageFailed(Stage stage, String message) {
    return stage + " failed: " + message;
  }
}

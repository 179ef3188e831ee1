package io.snapdrill.workflows;

import io.snapdrill.model.FailureType;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StorageAudit;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.List;

/** The failure type and message a stage ends with: an activity failed for good, or what it found fails the drill. */
record StageFailure(FailureType type, String message) {

  static StageFailure of(Stage stage, ActivityFailure e, int maxHostReplacements) {
    Throwable cause = e.getCause();
    if (cause instanceof ApplicationFailure af) {
      FailureType type = FailureType.fromName(af.getType());
      // The drill records the activity's own message; its hint is appended again, once, where it is shown.
      String message = FailureType.withoutHint(af.getOriginalMessage());
      if (type == FailureType.RESTORE_HOST_LOST) {
        return new StageFailure(FailureType.RESTORE_FAILED, OnCallTexts.hostLostTooOften(maxHostReplacements, message));
      }
      return type != null
          ? new StageFailure(type, message)
          : new StageFailure(FailureType.STAGE_ERROR, OnCallTexts.stageGaveUp(stage, af.getType(), message));
    }
    if (cause instanceof TimeoutFailure tf) {
      return new StageFailure(FailureType.STAGE_ERROR, OnCallTexts.stageTimedOut(stage, tf.getTimeoutType()));
    }
    return new StageFailure(FailureType.STAGE_ERROR,
        OnCallTexts.stageFailed(stage, cause != null ? cause.getMessage() : e.getMessage()));
  }

  /**
   * Why the audited buckets cannot keep a repository safe, or null when they can: versioning off
   * first, then lifecycle rules that can expire or archive repository keys.
   */
  static StageFailure ofUnsafeStorage(StorageAudit audit) {
    if (!audit.unversioned().isEmpty()) {
      return new StageFailure(FailureType.VERSIONING_DISABLED, OnCallTexts.versioningDisabled(audit.unversioned()));
    }
    List<LifecycleFinding> hazards = audit.findings(LifecycleVerdict.HAZARD);
    if (!hazards.isEmpty()) {
      return new StageFailure(FailureType.LIFECYCLE_RULE_COVERS_REPOSITORY,
          OnCallTexts.lifecycleRulesCoverRepository(hazards, audit.markersHidingNeededBlobs(),
              audit.neededMarkerCount()));
    }
    return null;
  }

  /** Why the restore host vanished (spot interruption), or null when the activity failed for another reason. */
  static String hostLost(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure af && FailureType.RESTORE_HOST_LOST.name().equals(af.getType())
        ? FailureType.withoutHint(af.getOriginalMessage())
        : null;
  }
}

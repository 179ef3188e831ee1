package io.snapdrill.model;

import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;

/**
 * The one place that lists the typed failures of a drill (docs/design.md, "Failure types"). Activities throw them as
 * non-retryable {@link ApplicationFailure}s; the workflow's retry options never retry them; a failed
 * drill fails its workflow with the type of the stage that failed.
 */
public enum FailureType {
  SNAPSHOT_FAILED(Stage.SNAPSHOT),
  SNAPSHOT_PARTIAL(Stage.SNAPSHOT),
  REPLICATION_NOT_CONFIGURED(Stage.CONFIRM_REPLICATION),
  REPLICA_INCOMPLETE(Stage.CONFIRM_REPLICATION),
  LIFECYCLE_RULE_COVERS_REPOSITORY(Stage.AUDIT_STORAGE),
  DELETE_MARKER_HIDES_BLOB(Stage.AUDIT_STORAGE),
  VERSIONING_DISABLED(Stage.AUDIT_STORAGE),
  SPOT_CAPACITY_UNAVAILABLE(Stage.PROVISION_HOST),
  RESTORE_FAILED(Stage.RESTORE),
  VERIFICATION_FAILED(Stage.VERIFY),
  /** Failover restore: the target has open indices the restore would overwrite, and no rename or --close-existing. */
  TARGET_INDICES_OPEN(Stage.CHECK_CONFLICTS),
  /** Teardown gave up after its whole schedule-to-close: a host may still be running. */
  TEARDOWN_INCOMPLETE(Stage.TEARDOWN),
  /** The worker's configuration lacks what the activity needs (unknown cluster, missing bucket). */
  CONFIGURATION_INVALID(null),
  /** A stage could not finish for a reason that is not a business failure (retries exhausted, timeout). */
  STAGE_ERROR(null),
  /**
   * The restore host disappeared (spot interruption). Not a drill failure: the workflow replaces the
   * host a bounded number of times, so the activity itself must not retry it.
   */
  RESTORE_HOST_LOST(Stage.RESTORE);

  private final Stage stage;

  FailureType(Stage stage) {
    this.stage = stage;
  }

  /** The stage this failure belongs to, or null when any stage can end with it. */
  public Stage stage() {
    return stage;
  }

  /**
   * Where a failure's own message ends and its runbook hint begins. The hint rides in the message
   * itself because the message is what the workflow history, the Temporal UI and {@code temporal
   * workflow show} display for a failed activity or drill.
   */
  public static final String HINT_SEPARATOR = "\nWhat to do: ";

  /** The non-retryable failure of this type; its message ends with this type's runbook hint. */
  public ApplicationFailure failure(String message, Object... details) {
    return ApplicationFailure.newNonRetryableFailure(withHint(message), name(), details);
  }

  /** The message followed by this type's runbook hint, exactly once even when it already carries one. */
  public String withHint(String message) {
    String own = withoutHint(message);
    String hint = RunbookHints.forType(this);
    return hint == null ? own : own + HINT_SEPARATOR + hint;
  }

  /** A failure's own message, without the runbook hint {@link #failure} appended (reports show the hint apart). */
  public static String withoutHint(String message) {
    if (message == null) {
      return null;
    }
    int at = message.indexOf(HINT_SEPARATOR);
    return at < 0 ? message : message.substring(0, at);
  }

  /** Type names that activity retry options must not retry. */
  public static String[] doNotRetry() {
    return Arrays.stream(values()).filter(t -> t != STAGE_ERROR).map(Enum::name).toArray(String[]::new);
  }

  /** The failure type of this name, or null when the name is none of ours. */
  public static FailureType fromName(String type) {
    return Arrays.stream(values()).filter(t -> t.name().equals(type)).findFirst().orElse(null);
  }
}

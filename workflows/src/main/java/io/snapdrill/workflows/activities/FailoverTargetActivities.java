package io.snapdrill.workflows.activities;

import io.snapdrill.model.FailoverLeftBehind;
import io.snapdrill.model.FailoverTargetRequest;
import io.snapdrill.model.FailoverVerifyRequest;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.TargetConflicts;
import io.snapdrill.model.VerificationReport;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * A failover restore on a configured standing cluster (no restore host: the cluster is there already).
 * Activity types carry the prefix {@code Failover} ({@code FailoverRestoreSnapshot}, ...): a worker
 * registers these beside {@link RestoreClusterActivities}, whose method names they share.
 */
@ActivityInterface(namePrefix = "Failover")
public interface FailoverTargetActivities {

  /**
   * Registers the source's replica repository read-only on the target under a name of Snapdrill's own
   * (never the target's own repositories); returns that name. Idempotent.
   */
  String registerReplicaRepository(FailoverTargetRequest request);

  /** Which of the indices the restore would write exist on the target, open or closed. Changes nothing. */
  TargetConflicts checkConflicts(FailoverTargetRequest request);

  /** Closes these indices (for --close-existing); returns those closed. Idempotent. */
  List<String> closeIndices(FailoverTargetRequest request, List<String> indices);

  /**
   * Starts the restore from the registered repository without waiting and polls recovery, heartbeating
   * bytes and percentage done; a retry resumes the restore it started. Fails with RESTORE_FAILED.
   */
  RestoreResult restoreSnapshot(FailoverTargetRequest request);

  /** The verification spec of the source cluster, against the snapshot's expectations. */
  VerificationReport verifyRestore(FailoverVerifyRequest request);

  /** After a cancel: deletes the restore's indices still being restored (which stops it) and says what is left. */
  FailoverLeftBehind stopRestore(FailoverTargetRequest request);
}

package io.snapdrill.workflows.activities;

import io.snapdrill.model.RestoreRequest;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.model.VerifyRequest;
import io.temporal.activity.ActivityInterface;

/** RESTORE and VERIFY on the restore host's cluster. */
@ActivityInterface
public interface RestoreClusterActivities {

  /**
   * Registers the replica repository read-only, starts the restore without waiting and polls recovery,
   * heartbeating bytes and percentage done. Fails with RESTORE_FAILED, or RESTORE_HOST_LOST when the
   * host disappeared.
   */
  RestoreResult restoreSnapshot(RestoreRequest request);

  /** Runs the verification spec; the report says per index what passed and why not. */
  VerificationReport verifyRestore(VerifyRequest request);
}

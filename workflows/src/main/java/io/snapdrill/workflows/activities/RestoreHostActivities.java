package io.snapdrill.workflows.activities;

import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.temporal.activity.ActivityInterface;

/** PROVISION_HOST and TEARDOWN: the disposable restore host in the DR region. */
@ActivityInterface
public interface RestoreHostActivities {

  /**
   * Launches the host (idempotent by {@code hostKey}) and waits until its cluster answers. Fails with
   * SPOT_CAPACITY_UNAVAILABLE when every instance type and zone (and on-demand, where allowed) failed.
   */
  RestoreHost provisionHost(ProvisionRequest request);

  /** Terminates the host and waits until it is gone; succeeds when it is already gone. */
  TeardownReport teardownHost(TeardownRequest request);
}

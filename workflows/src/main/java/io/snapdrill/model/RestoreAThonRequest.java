package io.snapdrill.model;

import java.util.List;

/**
 * @param drills one drill per cluster; in a continued run, only the drills not started yet
 * @param maxConcurrentDrills how many restore hosts (PROVISION_HOST to TEARDOWN) run at once
 * @param maxConcurrentChecks how many drills run their cheap stages (snapshot, replication check, audit) at
 *     once; drills waiting for or holding a restore host do not count. Null means {@link #DEFAULT_CHECKS}
 * @param tally what earlier runs of this restore-a-thon did (continue-as-new); null on the first run
 */
public record RestoreAThonRequest(List<DrillRequest> drills, int maxConcurrentDrills, Integer maxConcurrentChecks,
    RestoreAThonTally tally) {
  public static final int DEFAULT_CHECKS = 20;

  public RestoreAThonRequest(List<DrillRequest> drills, int maxConcurrentDrills) {
    this(drills, maxConcurrentDrills, null, null);
  }

  public int effectiveChecks() {
    return maxConcurrentChecks != null && maxConcurrentChecks > 0 ? maxConcurrentChecks : DEFAULT_CHECKS;
  }

  /** The next run's input: the drills not started yet and the tally so far. */
  public RestoreAThonRequest continued(List<DrillRequest> notStarted, RestoreAThonTally carried) {
    return new RestoreAThonRequest(notStarted, maxConcurrentDrills, maxConcurrentChecks, carried);
  }
}

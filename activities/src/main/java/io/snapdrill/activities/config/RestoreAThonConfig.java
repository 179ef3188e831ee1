package io.snapdrill.activities.config;

import jakarta.validation.constraints.Min;

/**
 * @param maxConcurrentDrills restore hosts running at once during a restore-a-thon (PROVISION_HOST to TEARDOWN)
 * @param cron the restore-a-thon's schedule; null means 06:00 UTC on the first Monday of each quarter
 * @param maxConcurrentChecks drills in their cheap stages (snapshot, replication check, audit) at once; drills
 *     waiting for or holding a restore host do not count. Null means the workflow's default (20)
 */
public record RestoreAThonConfig(@Min(1) Integer maxConcurrentDrills, String cron, @Min(1) Integer maxConcurrentChecks) {
  public static final RestoreAThonConfig DEFAULTS = new RestoreAThonConfig(2, null);

  public RestoreAThonConfig {
    maxConcurrentDrills = maxConcurrentDrills != null ? maxConcurrentDrills : 2;
  }

  public RestoreAThonConfig(Integer maxConcurrentDrills, String cron) {
    this(maxConcurrentDrills, cron, null);
  }
}

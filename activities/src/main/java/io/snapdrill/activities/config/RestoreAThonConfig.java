package io.snapdrill.activities.config;

import jakarta.validation.constraints.Min;

/**
 * @param maxConcurrentDrills restore hosts running at once during a restore-a-thon
 * @param cron the restore-a-thon's schedule; null means 06:00 UTC on the first Monday of each quarter
 */
public record RestoreAThonConfig(@Min(1) Integer maxConcurrentDrills, String cron) {
  public static final RestoreAThonConfig DEFAULTS = new RestoreAThonConfig(2, null);

  public RestoreAThonConfig {
    maxConcurrentDrills = maxConcurrentDrills != null ? maxConcurrentDrills : 2;
  }
}

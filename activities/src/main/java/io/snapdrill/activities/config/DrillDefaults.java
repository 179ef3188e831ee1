package io.snapdrill.activities.config;

import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.HealPolicy;
import java.time.Duration;

/** Drill settings from the config file; the command line may override them per drill. */
public record DrillDefaults(
    HealPolicy heal,
    Duration replicationDeadline,
    Duration replicationFirstBackoff,
    Duration replicationMaxBackoff,
    Duration healDecisionDeadline,
    Integer maxHostReplacements) {

  public static final DrillDefaults DEFAULTS = new DrillDefaults(HealPolicy.NEVER, null, null, null, null, null);

  /** The settings as the file sets them, null where it sets none (the drill starter fills those in). */
  public DrillSettings settings() {
    return new DrillSettings(replicationDeadline, replicationFirstBackoff, replicationMaxBackoff,
        healDecisionDeadline, maxHostReplacements);
  }
}

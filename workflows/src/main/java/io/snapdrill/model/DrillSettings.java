package io.snapdrill.model;

import java.time.Duration;

/**
 * Deadlines and bounds of one drill. Every field has a default, so a starter may pass null for any of
 * them (or for the whole record).
 *
 * @param replicationDeadline how long CONFIRM_REPLICATION waits for the replica to become complete
 * @param replicationFirstBackoff first pause between two replica checks; doubles up to the maximum
 * @param replicationMaxBackoff longest pause between two replica checks
 * @param healDecisionDeadline how long a drill with heal policy ASK waits for an operator
 * @param maxHostReplacements how many times a lost restore host (spot interruption) is replaced
 */
public record DrillSettings(
    Duration replicationDeadline,
    Duration replicationFirstBackoff,
    Duration replicationMaxBackoff,
    Duration healDecisionDeadline,
    Integer maxHostReplacements) {

  public static final DrillSettings DEFAULTS =
      new DrillSettings(
          Duration.ofHours(6), Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(24), 2);

  /** This record with every missing field taken from {@link #DEFAULTS}. */
  public DrillSettings withDefaults() {
    return new DrillSettings(
        replicationDeadline != null ? replicationDeadline : DEFAULTS.replicationDeadline,
        replicationFirstBackoff != null ? replicationFirstBackoff : DEFAULTS.replicationFirstBackoff,
        replicationMaxBackoff != null ? replicationMaxBackoff : DEFAULTS.replicationMaxBackoff,
        healDecisionDeadline != null ? healDecisionDeadline : DEFAULTS.healDecisionDeadline,
        maxHostReplacements != null ? maxHostReplacements : DEFAULTS.maxHostReplacements);
  }
}

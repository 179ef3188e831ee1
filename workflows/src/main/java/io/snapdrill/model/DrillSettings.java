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

  /**
   * This record with every missing field taken from {@link #DEFAULTS}. Starters send settings merged
   * already; this is the workflow's safety net for requests from older starters.
   */
  public DrillSettings withDefaults() {
    return orElse(DEFAULTS);
  }

  /** This record with every missing field taken from {@code fallback}. */
  public DrillSettings orElse(DrillSettings fallback) {
    return new DrillSettings(
        replicationDeadline != null ? replicationDeadline : fallback.replicationDeadline,
        replicationFirstBackoff != null ? replicationFirstBackoff : fallback.replicationFirstBackoff,
        replicationMaxBackoff != null ? replicationMaxBackoff : fallback.replicationMaxBackoff,
        healDecisionDeadline != null ? healDecisionDeadline : fallback.healDecisionDeadline,
        maxHostReplacements != null ? maxHostReplacements : fallback.maxHostReplacements);
  }
}

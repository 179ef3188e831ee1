package io.snapdrill.workflows;

import io.snapdrill.model.DrillSettings;
import java.time.Duration;
import java.time.Instant;

/**
 * CONFIRM_REPLICATION's pauses between replica checks: doubling from the first backoff up to the
 * longest, never past the deadline. Replication lag is usually seconds, rarely hours.
 */
final class ReplicaBackoff {
  private final Instant deadline;
  private final Duration longest;
  private Duration pause;

  ReplicaBackoff(DrillSettings settings, Instant start) {
    this.deadline = start.plus(settings.replicationDeadline());
    this.longest = settings.replicationMaxBackoff();
    this.pause = settings.replicationFirstBackoff();
  }

  /** The pause before the next check, or null when the deadline has passed. */
  Duration next(Instant now) {
    Duration left = Duration.between(now, deadline);
    if (left.isZero() || left.isNegative()) {
      return null;
    }
    Duration sleep = pause.compareTo(left) < 0 ? pause : left;
    Duration doubled = pause.multipliedBy(2);
    pause = doubled.compareTo(longest) < 0 ? doubled : longest;
    return sleep;
  }
}

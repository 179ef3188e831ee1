package io.snapdrill.worker.trigger;

import io.snapdrill.worker.history.DrillHistory.DrillRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which snapshot events become paid restores: one drill per snapshot whoever started it (a drill that
 * took its own snapshot, {@code drill --snapshot}, an earlier event), at most one running drill per
 * cluster, and at most one drill per cluster per interval (an SLM policy snapshotting every 30 minutes
 * must not buy 48 restore hosts a day). Pure: fed the cluster's recent drills.
 */
public final class TriggerPolicy {

  /** What to do with one snapshot event. */
  public sealed interface Verdict permits Start, Covered, Skip {}

  public record Start() implements Verdict {}

  /** A drill of this very snapshot exists: the event is a duplicate. */
  public record Covered(String workflowId) implements Verdict {}

  /** Acknowledged without a drill, for {@code reason} ({@code running} or {@code interval}). */
  public record Skip(String reason, String why) implements Verdict {}

  private final Duration minInterval;

  /** @param minInterval at most one drill per cluster per this; zero for no limit */
  public TriggerPolicy(Duration minInterval) {
    this.minInterval = minInterval;
  }

  /** How far back the recent drills must reach for {@link #judge}. */
  public Duration lookBack() {
    Duration week = Duration.ofDays(7);
    return minInterval.compareTo(week) > 0 ? minInterval : week;
  }

  /** @param recent the cluster's drills started within {@link #lookBack()}, any status */
  public Verdict judge(SnapshotRoute route, List<DrillRow> recent, Instant now) {
    Optional<DrillRow> same = recent.stream()
        .filter(d -> route.snapshotUuid().equals(d.snapshotUuid()) || route.snapshotUuid().equals(d.snapshot()))
        .findFirst();
    if (same.isPresent()) {
      return new Covered(same.get().workflowId());
    }
    Optional<DrillRow> running = recent.stream().filter(d -> "RUNNING".equals(d.status())).findFirst();
    if (running.isPresent()) {
      return new Skip("running", "drill " + running.get().workflowId() + " of cluster " + route.cluster()
          + " is still running; one drill per cluster at a time");
    }
    if (!minInterval.isZero()) {
      Optional<DrillRow> latest = recent.stream().filter(d -> d.startedAt() != null)
          .max(Comparator.comparing(DrillRow::startedAt))
          .filter(d -> d.startedAt().plus(minInterval).isAfter(now));
      if (latest.isPresent()) {
        return new Skip("interval", "drill " + latest.get().workflowId() + " of cluster " + route.cluster()
            + " started " + latest.get().startedAt() + ", within triggers.minIntervalPerCluster " + minInterval
            + "; the next snapshot after " + latest.get().startedAt().plus(minInterval) + " gets a drill");
      }
    }
    return new Start();
  }
}

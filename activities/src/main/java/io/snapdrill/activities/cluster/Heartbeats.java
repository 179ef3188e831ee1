package io.snapdrill.activities.cluster;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.Optional;

/** Heartbeats and polling pauses of long-waiting activities. */
final class Heartbeats {
  private Heartbeats() {}

  static ActivityExecutionContext context() {
    return Activity.getExecutionContext();
  }

  static void beat(Object details) {
    context().heartbeat(details);
  }

  static <T> Optional<T> last(Class<T> type) {
    return context().getHeartbeatDetails(type);
  }

  /** Polling interval: quick at first (small snapshots finish in a second), then every few seconds. */
  static Duration pause(int poll) {
    return Duration.ofMillis(Math.min(5_000, 200L * (1L << Math.min(poll, 5))));
  }

  static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling", e);
    }
  }
}

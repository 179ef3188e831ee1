package io.snapdrill.worker.metrics;

import io.snapdrill.worker.history.DrillHistory;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Seeds "time since the last passing drill" from Temporal's visibility when a worker starts. */
public final class LastPassingDrills {
  private static final Logger log = LoggerFactory.getLogger(LastPassingDrills.class);

  private LastPassingDrills() {}

  /** Looks back {@code window}; a visibility error only costs the seed, never the worker. */
  public static int seed(DrillHistory history, DrillMetrics metrics, Duration window) {
    try {
      int seeded = 0;
      for (DrillHistory.DrillRow row : history.list(null, Instant.now().minus(window))) {
        if ("PASSED".equals(row.outcome()) && row.cluster() != null && row.closedAt() != null) {
          metrics.passed(row.cluster(), row.closedAt());
          seeded++;
        }
      }
      return seeded;
    } catch (RuntimeException e) {
      log.warn("could not read earlier drills from Temporal visibility ({}); time since the last passing drill"
          + " starts from this worker's first drill", e.toString());
      return 0;
    }
  }
}

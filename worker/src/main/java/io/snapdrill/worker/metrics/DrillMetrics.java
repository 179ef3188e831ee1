package io.snapdrill.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.StageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drill metrics, recorded once per finished drill at REPORT: stage durations, RTO, RPO, outcomes by
 * failure type, restored bytes, and per cluster the time since its last passing drill (the number an
 * alert should watch: a cluster whose backups were last proven restorable weeks ago).
 */
public final class DrillMetrics {
  private static final int REMEMBERED_DRILLS = 1024;

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Instant> lastPassed = new ConcurrentHashMap<>();
  /** A retried report activity must not count its drill twice. */
  private final Set<String> recorded = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_DRILLS;
        }
      }));

  public DrillMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** A snapshot event the triggers' per-cluster policy acknowledged without a drill ({@code running}, {@code interval}). */
  public void triggerSkipped(String cluster, String reason) {
    Counter.builder("snapdrill_trigger_skipped").description("snapshot events acknowledged without a drill")
        .tags("cluster", cluster, "reason", reason).register(registry).increment();
  }

  /** A removal event on a repository key a snapshot needs: that copy can no longer restore it. */
  public void repositoryAlert(String cluster, String copy) {
    Counter.builder("snapdrill_repository_hidden_blobs").description("repository keys snapshots need, found removed or hidden by an event")
        .tags("cluster", cluster, "copy", copy).register(registry).increment();
  }

  /** A repository alert the alert webhook did not take after its attempts (the log still has it). */
  public void alertNotDelivered() {
    Counter.builder("snapdrill_alert_webhook_failures").description("repository alerts the alert webhook did not take")
        .register(registry).increment();
  }

  public void record(DrillResult r) {
    if (r == null || r.drillId() == null || !recorded.add(r.drillId())) {
      return;
    }
    String cluster = r.cluster() == null ? "unknown" : r.cluster();
    String outcome = r.outcome() == null ? "UNKNOWN" : r.outcome().name();
    Counter.builder("snapdrill.drills")
        .description("Finished drills by outcome and failure type")
        .tags("cluster", cluster, "outcome", outcome, "failure_type", r.failureType() == null ? "none" : r.failureType().name())
        .register(registry).increment();
    if (r.stages() != null) {
      for (StageRecord stage : r.stages()) {
        if (stage.durationMillis() != null) {
          Timer.builder("snapdrill.drill.stage.duration")
              .description("How long each drill stage took")
              .tags("cluster", cluster, "stage", stage.stage().name(), "status", String.valueOf(stage.status()))
              .register(registry).record(Duration.ofMillis(stage.durationMillis()));
        }
      }
    }
    // A failed drill's restore-to-verdict time is not a recovery time: only passing drills measure RTO.
    if (r.rtoSeconds() != null && r.outcome() == DrillOutcome.PASSED) {
      Timer.builder("snapdrill.drill.rto").description("Restore start to verified (recovery time objective as measured)")
          .tags("cluster", cluster).register(registry).record(Duration.ofSeconds(r.rtoSeconds()));
    }
    if (r.rpoSeconds() != null) {
      Timer.builder("snapdrill.drill.rpo").description("Snapshot age when the drill started (data a disaster would lose)")
          .tags("cluster", cluster).register(registry).record(Duration.ofSeconds(r.rpoSeconds()));
    }
    if (r.restore() != null) {
      DistributionSummary.builder("snapdrill.drill.restored").baseUnit("bytes")
          .description("Bytes recovered by the restore of a drill")
          .tags("cluster", cluster).register(registry).record(r.restore().bytesRecovered());
    }
    if (r.outcome() == DrillOutcome.PASSED) {
      passed(cluster, r.endedAt() != null ? r.endedAt() : clock.instant());
    }
  }

  /**
   * Notes a passing drill of the cluster at {@code at} (also used at worker start to seed from
   * Temporal's visibility, so a restarted worker does not forget when a cluster last passed).
   */
  public void passed(String cluster, Instant at) {
    if (lastPassed.putIfAbsent(cluster, at) == null) {
      Gauge.builder("snapdrill.last.passing.drill.age", lastPassed, m -> secondsSince(m.get(cluster)))
          .description("Seconds since the cluster's last passing drill")
          .baseUnit("seconds").tags("cluster", cluster).register(registry);
      Gauge.builder("snapdrill.last.passing.drill.timestamp", lastPassed,
              m -> m.get(cluster) == null ? Double.NaN : m.get(cluster).getEpochSecond())
          .description("When the cluster's last passing drill ended (Unix seconds)")
          .baseUnit("seconds").tags("cluster", cluster).register(registry);
    } else {
      lastPassed.merge(cluster, at, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  private double secondsSince(Instant at) {
    return at == null ? Double.NaN : Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
  }
}

package io.snapdrill.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.FailureType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillMetricsTest {
  private final Instant now = Instant.parse("2026-11-22T12:00:00Z");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DrillMetrics metrics = new DrillMetrics(registry, Clock.fixed(now, ZoneOffset.UTC));

  @Test
  void ageOfTheLastPassingDrillNeverGoesBackAndARetriedReportCountsOnce() {
    metrics.passed("logs-prod", now.minusSeconds(7200));           // seeded from visibility
    metrics.record(drill("d1", DrillOutcome.PASSED, now.minusSeconds(600)));
    metrics.record(drill("d1", DrillOutcome.PASSED, now.minusSeconds(600)));   // activity retry
    metrics.record(drill("d0", DrillOutcome.PASSED, now.minusSeconds(86_400)));  // an older drill reported late
    metrics.record(drill("d2", DrillOutcome.FAILED, now.minusSeconds(60)));

    assertThat(registry.get("snapdrill.last.passing.drill.age").tag("cluster", "logs-prod").gauge().value()).isEqualTo(600.0);
    assertThat(registry.get("snapdrill.drills").tag("outcome", "PASSED").counter().count()).isEqualTo(2.0);
    assertThat(registry.get("snapdrill.drills").tag("outcome", "FAILED").counter().count()).isEqualTo(1.0);
  }

  private static DrillResult drill(String id, DrillOutcome outcome, Instant ended) {
    return new DrillResult(id, "logs-prod", outcome, outcome == DrillOutcome.FAILED ? FailureType.RESTORE_FAILED : null, null,
        null, List.of(), ended.minusSeconds(300), ended, 3600L, null, 120L, null, null, null, null, null, null, null, List.of(), null, null, null,
        List.of(), null);
  }
}

package io.snapdrill.worker.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.worker.history.DrillHistory.DrillRow;
import io.snapdrill.worker.trigger.TriggerPolicy.Covered;
import io.snapdrill.worker.trigger.TriggerPolicy.Skip;
import io.snapdrill.worker.trigger.TriggerPolicy.Start;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerPolicyTest {
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
  private static final SnapshotRoute EVENT = new SnapshotRoute("logs", "Xh3_uuid");
  private final TriggerPolicy policy = new TriggerPolicy(Duration.ofHours(6));

  private static DrillRow drill(String id, String snapshotName, String uuid, String status, Instant started) {
    return new DrillRow(id, "logs", snapshotName, "REPORT", null, status, started, null, null, uuid);
  }

  @Test
  void aSnapshotTheDrillTookItselfGetsNoSecondDrill() {
    // the on-demand drill took snapshot Xh3_uuid; its snap-Xh3_uuid.dat event arrives afterwards
    DrillRow ownSnapshot = drill("drill-logs-20261202-083000", "drill-logs-2026.12.02", "Xh3_uuid", "COMPLETED",
        NOW.minus(Duration.ofMinutes(30)));

    assertThat(policy.judge(EVENT, List.of(ownSnapshot), NOW)).isEqualTo(new Covered("drill-logs-20261202-083000"));
  }

  @Test
  void aRunningDrillOfTheClusterHoldsTheEventBack() {
    DrillRow running = drill("drill-logs-other", "nightly-1", "Other_uuid", "RUNNING", NOW.minus(Duration.ofDays(2)));

    assertThat(policy.judge(EVENT, List.of(running), NOW)).isInstanceOfSatisfying(Skip.class, skip -> {
      assertThat(skip.reason()).isEqualTo("running");
      assertThat(skip.why()).contains("drill-logs-other");
    });
  }

  @Test
  void atMostOneDrillPerClusterPerInterval() {
    DrillRow recent = drill("drill-logs-a", "s-a", "A_uuid", "COMPLETED", NOW.minus(Duration.ofHours(5)));
    DrillRow older = drill("drill-logs-b", "s-b", "B_uuid", "COMPLETED", NOW.minus(Duration.ofHours(7)));

    assertThat(policy.judge(EVENT, List.of(older, recent), NOW)).isInstanceOfSatisfying(Skip.class, skip -> {
      assertThat(skip.reason()).isEqualTo("interval");
      assertThat(skip.why()).contains("drill-logs-a", "triggers.minIntervalPerCluster");
    });
    assertThat(policy.judge(EVENT, List.of(older), NOW)).isEqualTo(new Start());
    assertThat(new TriggerPolicy(Duration.ZERO).judge(EVENT, List.of(recent), NOW)).isEqualTo(new Start());
  }

  @Test
  void aDrillOfAWorkerThatDidNotRecordTheUuidIsFoundByTheSnapshotItWasStartedFor() {
    // triggered drills carry the UUID as DrSnapshot from the start
    DrillRow triggered = drill("drill-logs-Xh3_uuid", "Xh3_uuid", null, "FAILED", NOW.minus(Duration.ofDays(3)));

    assertThat(policy.judge(EVENT, List.of(triggered), NOW)).isEqualTo(new Covered("drill-logs-Xh3_uuid"));
  }
}

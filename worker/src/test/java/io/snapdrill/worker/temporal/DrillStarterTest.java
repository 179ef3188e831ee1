package io.snapdrill.worker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.worker.config.ConfigLoader;
import io.snapdrill.worker.config.OperationsConfigTest;
import io.snapdrill.worker.temporal.DrillStarter.DrillStart;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillStarterTest {
  private static final String TASK_QUEUE = "snapdrill-test";
  private static final Instant NOW = Instant.parse("2026-12-02T00:30:05Z");
  private static final String CLUSTERS = OperationsConfigTest.CLUSTERS + """
        - name: billing
          product: opensearch
          endpoint: https://billing.example.com
          repository: backups
          storage:
            primary: {bucket: billing-snapshots, region: us-east-1}
            replica: {bucket: billing-snapshots-dr, region: us-west-2}
      """;
  /** The file sets heal and two of the five settings; the rest is left to the built-in defaults. */
  private static final SnapdrillConfig CONFIG = ConfigLoader.parse("snapdrill.yaml", CLUSTERS + """
      drill:
        heal: ask
        replicationDeadline: 3h
        replicationFirstBackoff: 1m
      """);

  private final DrillStarter starter = new DrillStarter(CONFIG, TASK_QUEUE, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void overridesWinOverTheFileWhichWinsOverTheDefaults() {
    DrillStart start = starter.onDemand("logs-prod",
        new DrillOverrides(null, HealPolicy.AUTO, Duration.ofMinutes(45), null, null));

    assertThat(start.request()).isEqualTo(new DrillRequest("logs-prod", null, HealPolicy.AUTO, new DrillSettings(
        Duration.ofMinutes(45), Duration.ofMinutes(1), DrillSettings.DEFAULTS.replicationMaxBackoff(),
        DrillSettings.DEFAULTS.healDecisionDeadline(), DrillSettings.DEFAULTS.maxHostReplacements())));
    assertOptions(start.options(), "drill-logs-prod-20261202-003005",
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY, "logs-prod", null);
  }

  @Test
  void withoutOverridesTheFileAndTheDefaultsFillEveryField() {
    DrillRequest request = starter.request("billing", DrillOverrides.NONE);

    assertThat(request).isEqualTo(new DrillRequest("billing", null, HealPolicy.ASK, new DrillSettings(
        Duration.ofHours(3), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(24), 2)));
    // the workflow's own safety net has nothing left to fill
    assertThat(request.effectiveSettings()).isEqualTo(request.settings());
  }

  @Test
  void aFileWithoutADrillSectionGivesTheBuiltInDefaults() {
    DrillRequest request = new DrillStarter(ConfigLoader.parse("snapdrill.yaml", CLUSTERS), TASK_QUEUE)
        .request("logs-prod", DrillOverrides.NONE);

    assertThat(request).isEqualTo(new DrillRequest("logs-prod", null, HealPolicy.NEVER, DrillSettings.DEFAULTS));
  }

  @Test
  void aDrillOfAnExistingSnapshotIsNamedAfterItAndAnExplicitIdWins() {
    DrillStart snapshot = starter.onDemand("logs-prod", new DrillOverrides("nightly-1", null, null, null, null));
    assertThat(snapshot.workflowId()).isEqualTo("drill-logs-prod-nightly-1");
    assertThat(snapshot.request().snapshot()).isEqualTo("nightly-1");

    DrillStart named = starter.onDemand("logs-prod", new DrillOverrides("nightly-1", null, null, null, "my-drill"));
    assertThat(named.workflowId()).isEqualTo("my-drill");
  }

  @Test
  void aSnapshotEventGivesOneIdPerClusterAndSnapshotWhenEverItArrives() {
    DrillStart first = starter.forSnapshotEvent("logs-prod", "Ab3dUuid");
    DrillStart later = new DrillStarter(CONFIG, TASK_QUEUE, Clock.fixed(NOW.plusSeconds(86_400), ZoneOffset.UTC))
        .forSnapshotEvent("logs-prod", "Ab3dUuid");

    assertOptions(first.options(), "drill-logs-prod-Ab3dUuid",
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE, "logs-prod", "Ab3dUuid");
    assertThat(later.options()).isEqualTo(first.options());
    assertThat(first.request()).isEqualTo(new DrillRequest("logs-prod", "Ab3dUuid", HealPolicy.ASK,
        starter.request("logs-prod", DrillOverrides.NONE).settings()));
  }

  @Test
  void theSameSnapshotEventTwiceStartsOneDrill() {
    try (TemporalConnection temporal = TemporalConnection.embedded(TASK_QUEUE)) {
      // no worker: the drill stays open, as a long drill would when the event comes again
      assertThat(starter.forSnapshotEvent("billing", "Bq1uuid").startOn(temporal.client())).isTrue();
      assertThat(starter.forSnapshotEvent("billing", "Bq1uuid").startOn(temporal.client())).isFalse();
      assertThat(starter.forSnapshotEvent("billing", "other").startOn(temporal.client())).isTrue();
    }
  }

  @Test
  void scheduledDrillsAndRestoreAThonsGetTheSameRequests() {
    DrillStart daily = starter.daily("billing");
    assertOptions(daily.options(), "drill-billing-daily", null, "billing", null);
    assertThat(daily.request()).isEqualTo(starter.request("billing", DrillOverrides.NONE));

    assertThat(starter.restoreAThon(List.of("logs-prod", "billing"), 1)).isEqualTo(new RestoreAThonRequest(List.of(
        starter.request("logs-prod", DrillOverrides.NONE), starter.request("billing", DrillOverrides.NONE)), 1));
    assertThat(starter.timestampedId("restore-a-thon")).isEqualTo("restore-a-thon-20261202-003005");
  }

  private static void assertOptions(WorkflowOptions options, String workflowId, WorkflowIdReusePolicy reuse,
      String cluster, String snapshot) {
    assertThat(options.getWorkflowId()).isEqualTo(workflowId);
    assertThat(options.getTaskQueue()).isEqualTo(TASK_QUEUE);
    assertThat(options.getWorkflowIdReusePolicy()).isEqualTo(reuse);
    assertThat(options.getTypedSearchAttributes().get(DrillSearchAttributes.CLUSTER)).isEqualTo(cluster);
    // Known from the start, so `status` names the snapshot even before (or without) SNAPSHOT describing it.
    assertThat(options.getTypedSearchAttributes().get(DrillSearchAttributes.SNAPSHOT)).isEqualTo(snapshot);
    assertThat(options.getTypedSearchAttributes().size()).isEqualTo(snapshot == null ? 1 : 2);
  }
}

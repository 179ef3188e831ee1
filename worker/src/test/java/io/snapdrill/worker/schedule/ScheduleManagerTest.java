package io.snapdrill.worker.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreAThonConfig;
import io.snapdrill.activities.config.RestoreHostConfig;
import io.snapdrill.activities.config.ScheduleConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.schedule.v1.Schedule;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScheduleManagerTest {
  private ScheduleServiceEndpoint endpoint;
  private WorkflowServiceStubs stubs;
  private ScheduleManager manager;

  @BeforeEach
  void start() throws Exception {
    endpoint = new ScheduleServiceEndpoint();
    stubs = endpoint.stubs();
    manager = new ScheduleManager(ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder().setNamespace("default").build()));
  }

  @AfterEach
  void stop() {
    stubs.shutdownNow();
    endpoint.close();
  }

  @Test
  void applyTwiceLeavesOneScheduleOfEachKindWithTheNewSettingsAndKeepsAPause() {
    SnapdrillConfig first = config(null, 60, List.of(new ScheduleConfig.DailyDrill("logs-prod", "03:30")));
    assertThat(manager.apply(SnapdrillSchedules.from(first, "snapdrill")))
        .extracting(ScheduleManager.Change::applied).containsOnly(ScheduleManager.Applied.CREATED);
    manager.pause(SnapdrillSchedules.JANITOR, "janitor off during the migration");

    SnapdrillConfig second = config("0 5 * * 1", 15, List.of(new ScheduleConfig.DailyDrill("logs-prod", "04:45")));
    assertThat(manager.apply(SnapdrillSchedules.from(second, "snapdrill")))
        .extracting(ScheduleManager.Change::applied).containsOnly(ScheduleManager.Applied.UPDATED);

    assertThat(endpoint.schedules.keySet()).containsExactlyInAnyOrder(
        "snapdrill-restore-a-thon", "snapdrill-janitor", "snapdrill-daily-drill-logs-prod");
    Schedule restoreAThon = endpoint.schedules.get("snapdrill-restore-a-thon").schedule();
    assertThat(restoreAThon.getSpec().getCronStringList()).containsExactly("0 5 * * 1");
    assertThat(restoreAThon.getSpec().getStructuredCalendarList()).isEmpty();
    RestoreAThonRequest request = DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0,
        java.util.Optional.of(restoreAThon.getAction().getStartWorkflow().getInput()), RestoreAThonRequest.class, RestoreAThonRequest.class);
    assertThat(request.drills()).extracting(DrillRequest::cluster).containsExactly("logs-prod", "billing");

    Schedule janitor = endpoint.schedules.get("snapdrill-janitor").schedule();
    assertThat(janitor.getSpec().getIntervalList()).singleElement()
        .satisfies(i -> assertThat(i.getInterval().getSeconds()).isEqualTo(15 * 60));
    assertThat(janitor.getState().getPaused()).as("an operator's pause survives apply").isTrue();
    assertThat(janitor.getState().getNotes()).isEqualTo("janitor off during the migration");

    Schedule daily = endpoint.schedules.get("snapdrill-daily-drill-logs-prod").schedule();
    assertThat(daily.getSpec().getStructuredCalendarList()).singleElement().satisfies(c -> {
      assertThat(c.getHour(0).getStart()).isEqualTo(4);
      assertThat(c.getMinute(0).getStart()).isEqualTo(45);
    });
    assertThat(daily.getAction().getStartWorkflow().getWorkflowType().getName()).isEqualTo("DrillWorkflow");
    for (ScheduleServiceEndpoint.Stored s : endpoint.schedules.values()) {
      assertThat(s.schedule().getPolicies().getOverlapPolicy()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
      assertThat(s.schedule().getAction().getStartWorkflow().getTaskQueue().getName()).isEqualTo("snapdrill");
    }

    assertThat(manager.list()).extracting(ScheduleManager.Row::id, ScheduleManager.Row::workflowType, ScheduleManager.Row::paused)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("snapdrill-daily-drill-logs-prod", "DrillWorkflow", false),
            org.assertj.core.groups.Tuple.tuple("snapdrill-janitor", "JanitorWorkflow", true),
            org.assertj.core.groups.Tuple.tuple("snapdrill-restore-a-thon", "RestoreAThonWorkflow", false));
  }

  @Test
  void defaultRestoreAThonIsTheFirstMondayOfEachQuarterAsACalendarNotACron() {
    manager.apply(SnapdrillSchedules.from(config(null, 60, List.of()), "snapdrill"));

    Schedule restoreAThon = endpoint.schedules.get("snapdrill-restore-a-thon").schedule();
    assertThat(restoreAThon.getSpec().getCronStringList()).isEmpty();
    assertThat(restoreAThon.getSpec().getTimezoneName()).isEqualTo("UTC");
    assertThat(restoreAThon.getSpec().getStructuredCalendarList()).singleElement().satisfies(c -> {
      assertThat(c.getMonthList()).extracting(r -> r.getStart()).containsExactly(1, 4, 7, 10);
      assertThat(c.getDayOfMonth(0).getStart()).isEqualTo(1);
      assertThat(c.getDayOfMonth(0).getEnd()).isEqualTo(7);
      assertThat(c.getDayOfWeekList()).singleElement().satisfies(d -> assertThat(d.getStart()).isEqualTo(1));
      assertThat(c.getHour(0).getStart()).isEqualTo(6);
      assertThat(c.getMinute(0).getStart()).isZero();
    });
    assertThat(endpoint.schedules).doesNotContainKey("snapdrill-daily-drill-logs-prod");
  }

  @Test
  void schedulesTheConfigNoLongerAsksForAreDeletedAndOthersLeftAlone() throws Exception {
    manager.apply(SnapdrillSchedules.from(config(null, 60, List.of(new ScheduleConfig.DailyDrill("logs-prod", "03:30"),
        new ScheduleConfig.DailyDrill("billing", "04:00"))), "snapdrill"));
    endpoint.schedules.put("nightly-reindex", endpoint.schedules.get(SnapdrillSchedules.JANITOR));  // someone else's

    List<ScheduleManager.Change> changes = manager.apply(SnapdrillSchedules.from(
        config(RestoreHostConfig.localMode(), null, 60, List.of(new ScheduleConfig.DailyDrill("billing", "04:00"))), "snapdrill"));

    assertThat(changes).filteredOn(c -> c.applied() == ScheduleManager.Applied.DELETED)
        .extracting(ScheduleManager.Change::id)
        .containsExactlyInAnyOrder("snapdrill-daily-drill-logs-prod", "snapdrill-janitor");
    assertThat(endpoint.schedules.keySet()).containsExactlyInAnyOrder(
        "snapdrill-restore-a-thon", "snapdrill-daily-drill-billing", "nightly-reindex");
  }

  @Test
  void triggerNowAndPauseReachTheScheduleAndAnUnknownIdIsNamed() {
    manager.apply(SnapdrillSchedules.from(config(null, 60, List.of()), "snapdrill"));

    manager.triggerNow(SnapdrillSchedules.RESTORE_A_THON);
    manager.pause(SnapdrillSchedules.RESTORE_A_THON, "audit postponed");
    manager.unpause(SnapdrillSchedules.RESTORE_A_THON, "back on");

    assertThat(endpoint.patches.get(SnapdrillSchedules.RESTORE_A_THON))
        .containsExactly("trigger overlap=SCHEDULE_OVERLAP_POLICY_UNSPECIFIED", "pause", "unpause");
    assertThatThrownBy(() -> manager.triggerNow("snapdrill-nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schedule snapdrill-nope does not exist");
  }

  @Test
  void theEmbeddedServiceSaysItHasNoSchedulesInsteadOfFailingObscurely() {
    try (TemporalConnection embedded = TemporalConnection.embedded("snapdrill")) {
      ScheduleManager onEmbedded = new ScheduleManager(ScheduleClient.newInstance(embedded.service(),
          ScheduleClientOptions.newBuilder().setNamespace(embedded.namespace()).build()));
      assertThatThrownBy(() -> onEmbedded.apply(SnapdrillSchedules.from(config(null, 60, List.of()), "snapdrill")))
          .hasMessageContaining("does not implement schedules");
    }
  }

  static SnapdrillConfig config(String cron, int janitorMinutes, List<ScheduleConfig.DailyDrill> daily) {
    return config(EC2, cron, janitorMinutes, daily);
  }

  static final RestoreHostConfig EC2 = RestoreHostConfig.onEc2(new RestoreHostConfig.Ec2Settings("us-west-2",
      List.of("r6i.large"), List.of("subnet-a"), List.of("sg-restore"), null, "ami-0abc", null, null, false, null, null, null,
      null));

  static SnapdrillConfig config(RestoreHostConfig host, String cron, int janitorMinutes, List<ScheduleConfig.DailyDrill> daily) {
    return new SnapdrillConfig(List.of(cluster("logs-prod"), cluster("billing")), host, null, null,
        new RestoreAThonConfig(2, cron), null, new ScheduleConfig(janitorMinutes, daily));
  }

  private static ClusterConfig cluster(String name) {
    return new ClusterConfig(name, Product.ELASTICSEARCH, "http://127.0.0.1:1", null, null, "backups", null,
        new StorageConfig(new BucketConfig(name + "-snapshots", "", "us-east-1", null, false),
            new BucketConfig(name + "-snapshots-dr", "", "us-west-2", null, false), null, null),
        null, null);
  }
}

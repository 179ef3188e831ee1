package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.snapdrill.model.HostTermination;
import io.snapdrill.model.JanitorAction;
import io.snapdrill.model.JanitorReason;
import io.snapdrill.model.JanitorReport;
import io.snapdrill.model.RestoreHostRecord;
import io.snapdrill.workflows.activities.JanitorActivities;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JanitorWorkflowTest {

  @RegisterExtension
  static final DrillTestEnvironment temporal =
      DrillTestEnvironment.extension(JanitorWorkflowImpl.class);

  private static RestoreHostRecord host(String id, String workflowId, Instant expiresAt, String expiresAtTag) {
    return new RestoreHostRecord(id, "running", "key-" + id, workflowId, "logs", expiresAt, expiresAtTag,
        expiresAt == null ? null : expiresAt.minus(Duration.ofHours(12)), "m6i.xlarge", "us-west-2a", true);
  }

  private static JanitorWorkflow janitor(TestWorkflowEnvironment env, Worker worker) {
    return env.getWorkflowClient()
        .newWorkflowStub(JanitorWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());
  }

  @Test
  void terminatesExactlyTheExpiredAndOrphanedHosts(TestWorkflowEnvironment env, Worker worker) {
    JanitorActivities activities = mock(JanitorActivities.class, withSettings().withoutAnnotations());
    worker.registerActivitiesImplementations(activities);
    env.start();
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    Instant future = now.plus(Duration.ofDays(1));
    RestoreHostRecord healthy = host("i-healthy", "drill-running", future, future.toString());
    RestoreHostRecord expired = host("i-expired", "drill-running", now.minus(Duration.ofHours(1)), "x");
    RestoreHostRecord orphaned = host("i-orphaned", "drill-closed", future, future.toString());
    RestoreHostRecord unowned = host("i-unowned", null, future, future.toString());
    RestoreHostRecord unreadable = host("i-unreadable", "drill-running", null, "tomorrow");
    RestoreHostRecord noExpiry = host("i-no-expiry", "drill-running", null, null);
    when(activities.findRestoreHosts()).thenReturn(List.of(healthy, expired, orphaned, unowned, unreadable, noExpiry));
    when(activities.closedWorkflows(List.of("drill-closed", "drill-running"))).thenReturn(List.of("drill-closed"));
    when(activities.terminateHosts(anyList())).thenAnswer(inv -> {
      List<String> ids = inv.getArgument(0);
      return ids.stream().map(id -> new HostTermination(id, true, "shutting-down")).toList();
    });

    JanitorReport report = janitor(env, worker).run();

    verify(activities).terminateHosts(List.of("i-expired", "i-orphaned", "i-unowned", "i-unreadable"));
    Map<String, JanitorReason> reasons = report.terminated().stream()
        .collect(Collectors.toMap(a -> a.host().hostId(), JanitorAction::reason));
    assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
        "i-expired", JanitorReason.EXPIRED,
        "i-orphaned", JanitorReason.ORPHANED,
        "i-unowned", JanitorReason.ORPHANED,
        "i-unreadable", JanitorReason.EXPIRED));
    assertThat(report.kept()).extracting(RestoreHostRecord::hostId).containsExactly("i-healthy", "i-no-expiry");
    assertThat(report.terminated()).filteredOn(a -> a.host().hostId().equals("i-orphaned"))
        .singleElement().extracting(JanitorAction::why).asString().contains("drill-closed");
    assertThat(report.clean()).isTrue();
  }

  @Test
  void nothingToDoCallsNeitherTemporalNorEc2Termination(TestWorkflowEnvironment env, Worker worker) {
    JanitorActivities activities = mock(JanitorActivities.class, withSettings().withoutAnnotations());
    worker.registerActivitiesImplementations(activities);
    env.start();
    when(activities.findRestoreHosts()).thenReturn(List.of());

    JanitorReport report = janitor(env, worker).run();

    assertThat(report.terminated()).isEmpty();
    assertThat(report.kept()).isEmpty();
    verify(activities, never()).closedWorkflows(any());
    verify(activities, never()).terminateHosts(any());
  }

  @Test
  void aTerminationThatFailedIsReportedNotHidden(TestWorkflowEnvironment env, Worker worker) {
    JanitorActivities activities = mock(JanitorActivities.class, withSettings().withoutAnnotations());
    worker.registerActivitiesImplementations(activities);
    env.start();
    Instant past = Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofMinutes(5));
    when(activities.findRestoreHosts()).thenReturn(List.of(host("i-stuck", "drill-a", past, past.toString())));
    when(activities.closedWorkflows(anyList())).thenReturn(List.of());
    when(activities.terminateHosts(List.of("i-stuck")))
        .thenReturn(List.of(new HostTermination("i-stuck", false, "UnauthorizedOperation: not allowed")));

    JanitorReport report = janitor(env, worker).run();

    assertThat(report.clean()).isFalse();
    assertThat(report.terminated()).singleElement().satisfies(a -> {
      assertThat(a.reason()).isEqualTo(JanitorReason.EXPIRED);
      assertThat(a.termination().detail()).contains("UnauthorizedOperation");
    });
  }
}

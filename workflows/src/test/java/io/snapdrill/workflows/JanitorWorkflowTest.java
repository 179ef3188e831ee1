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
    Instant launchedAt = expiresAt == null ? null : expiresAt.minus(Duration.ofHours(12));
    return host(id, workflowId, expiresAt, expiresAtTag, launchedAt == null ? null : launchedAt.plus(Duration.ofHours(72)));
  }

  private static RestoreHostRecord host(String id, String workflowId, Instant expiresAt, String expiresAtTag, Instant hardCapAt) {
    return new RestoreHostRecord(id, "running", "key-" + id, workflowId, "logs", expiresAt, expiresAtTag,
        expiresAt == null ? null : expiresAt.minus(Duration.ofHours(12)), "m6i.xlarge", "us-west-2a", true, hardCapAt);
  }

  private static JanitorWorkflow janitor(TestWorkflowEnvironment env, Worker worker) {
    return env.getWorkflowClient()
        .newWorkflowStub(JanitorWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());
  }

  /**
   * A long restore outlives the host's TTL: the janitor keeps a host whose drill still runs (its tags may
   * say expired or be unreadable) until the hard cap, and terminates it after that whatever the drill does.
   */
  @Test
  void sparesTheHostsOfRunningDrillsUntilTheHardCap(TestWorkflowEnvironment env, Worker worker) {
    JanitorActivities activities = mock(JanitorActivities.class, withSettings().withoutAnnotations());
    worker.registerActivitiesImplementations(activities);
    env.start();
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    Instant past = now.minus(Duration.ofHours(1));
    Instant future = now.plus(Duration.ofDays(1));
    RestoreHostRecord longRestore = host("i-long-restore", "drill-running", past, past.toString(), future);
    RestoreHostRecord unreadable = host("i-unreadable", "drill-running", null, "tomorrow", future);
    RestoreHostRecord pastCap = host("i-past-cap", "drill-running", past, past.toString(), now.minus(Duration.ofMinutes(1)));
    RestoreHostRecord capWithinTtl = host("i-cap-first", "drill-running", future, future.toString(), past);
    RestoreHostRecord expiredOrphan = host("i-expired-orphan", "drill-closed", past, past.toString(), future);
    when(activities.findRestoreHosts()).thenReturn(List.of(longRestore, unreadable, pastCap, capWithinTtl, expiredOrphan));
    when(activities.closedWorkflows(List.of("drill-closed", "drill-running"))).thenReturn(List.of("drill-closed"));
    when(activities.terminateHosts(anyList())).thenAnswer(inv -> inv.<List<String>>getArgument(0).stream()
        .map(id -> new HostTermination(id, true, "shutting-down")).toList());

    JanitorReport report = janitor(env, worker).run();

    verify(activities).terminateHosts(List.of("i-past-cap", "i-cap-first", "i-expired-orphan"));
    assertThat(report.kept()).extracting(RestoreHostRecord::hostId).containsExactly("i-long-restore", "i-unreadable");
    Map<String, JanitorAction> actions = report.terminated().stream().collect(Collectors.toMap(a -> a.host().hostId(), a -> a));
    assertThat(actions.get("i-past-cap").reason()).isEqualTo(JanitorReason.HARD_CAP);
    assertThat(actions.get("i-past-cap").why()).contains("drill-running", "restoreHost.hardCap");
    assertThat(actions.get("i-cap-first").reason()).isEqualTo(JanitorReason.HARD_CAP);
    assertThat(actions.get("i-expired-orphan").reason()).isEqualTo(JanitorReason.EXPIRED);
  }

  @Test
  void terminatesExactlyTheExpiredAndOrphanedHosts(TestWorkflowEnvironment env, Worker worker) {
    JanitorActivities activities = mock(JanitorActivities.class, withSettings().withoutAnnotations());
    worker.registerActivitiesImplementations(activities);
    env.start();
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    Instant future = now.plus(Duration.ofDays(1));
    RestoreHostRecord healthy = host("i-healthy", "drill-running", future, future.toString());
    RestoreHostRecord expired = host("i-expired", "drill-closed", now.minus(Duration.ofHours(1)), "x");
    RestoreHostRecord orphaned = host("i-orphaned", "drill-closed", future, future.toString());
    RestoreHostRecord unowned = host("i-unowned", null, future, future.toString());
    RestoreHostRecord unreadable = host("i-unreadable", "drill-closed", null, "tomorrow");
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
    when(activities.closedWorkflows(anyList())).thenReturn(List.of("drill-a"));
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

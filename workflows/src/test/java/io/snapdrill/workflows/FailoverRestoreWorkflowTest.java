package io.snapdrill.workflows;

import static io.snapdrill.workflows.DrillFixtures.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.FailoverLeftBehind;
import io.snapdrill.model.FailoverRequest;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StageStatus;
import io.snapdrill.model.TargetConflicts;
import io.snapdrill.workflows.activities.FailoverTargetActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class FailoverRestoreWorkflowTest {
  private static final String TARGET = "logs-dr";
  private static final String REPOSITORY = "snapdrill-replica-" + CLUSTER;

  @RegisterExtension
  static final DrillTestEnvironment temporal = DrillTestEnvironment.extension(FailoverRestoreWorkflowImpl.class);

  private DrillFixtures fx;
  private FailoverTargetActivities target;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    fx = new DrillFixtures();
    target = DrillFixtures.mockActivities(FailoverTargetActivities.class);
    when(target.registerReplicaRepository(any())).thenReturn(REPOSITORY);
    when(target.checkConflicts(any())).thenReturn(new TargetConflicts(List.of("logs-2026.11"), List.of(), List.of()));
    when(target.restoreSnapshot(any())).thenReturn(new RestoreResult(List.of("logs-2026.11"), 2, 1_048_576));
    when(target.verifyRestore(any())).thenReturn(DrillFixtures.passingVerification());
    worker.registerActivitiesImplementations(fx.sourceCluster, fx.replication, fx.reports, target);
    env.start();
  }

  private FailoverRestoreWorkflow newFailover(String id) {
    return client.newWorkflowStub(FailoverRestoreWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
  }

  private static FailoverRequest request(String renamePattern, boolean closeExisting) {
    return new FailoverRequest(CLUSTER, "snapdrill-2026.11.20", TARGET, renamePattern,
        renamePattern == null ? null : "restored-$1", closeExisting, null);
  }

  @Test
  void runsTheDrillsStagesWithoutAHostInOrderAndReports() {
    DrillResult result = newFailover("failover-happy").run(request(null, false));

    InOrder order = inOrder(fx.sourceCluster, fx.replication, target, fx.reports);
    order.verify(fx.sourceCluster).describeSnapshot(argThat(r -> r.snapshot().equals("snapdrill-2026.11.20")));
    order.verify(fx.replication).checkReplicationRule(any());
    order.verify(fx.replication).checkReplica(any());
    order.verify(target).registerReplicaRepository(argThat(r -> r.targetCluster().equals(TARGET)
        && r.sourceCluster().equals(CLUSTER) && r.snapshot().uuid().equals("Ab3dUuid")));
    order.verify(target).checkConflicts(any());
    order.verify(target).restoreSnapshot(any());
    order.verify(target).verifyRestore(any());
    order.verify(fx.reports).writeDrillReport(argThat(r -> r.outcome() == DrillOutcome.PASSED));
    verify(fx.sourceCluster, never()).takeSnapshot(any());
    verify(target, never()).closeIndices(any(), any());
    verify(target, never()).stopRestore(any());

    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.stages()).extracting(StageRecord::stage).containsExactlyElementsOf(Stage.FAILOVER);
    assertThat(result.stages()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StageStatus.PASSED));
    assertThat(result.stages()).filteredOn(s -> s.stage() == Stage.REGISTER_REPOSITORY)
        .singleElement().satisfies(s -> assertThat(s.detail()).contains(REPOSITORY, "read-only", TARGET));
    assertThat(result.hosts()).isEmpty();
    assertThat(result.rtoSeconds()).isNotNull();
    assertThat(result.report().markdown()).isEqualTo("r.md");
  }

  @Test
  void openIndicesOfTheSameNamesAreRefusedNamingThemAndNothingIsRestored() {
    when(target.checkConflicts(any())).thenReturn(
        new TargetConflicts(List.of("logs-2026.11", "logs-2026.10"), List.of("logs-2026.11", "logs-2026.10"), List.of()));

    FailoverRestoreWorkflow failover = newFailover("failover-refused");
    assertThatThrownBy(() -> failover.run(request(null, false)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.TARGET_INDICES_OPEN.name());
          assertThat(f.getOriginalMessage()).contains("logs-2026.11, logs-2026.10", TARGET, "--close-existing",
              "--rename-pattern");
        });

    verify(target, never()).closeIndices(any(), any());
    verify(target, never()).restoreSnapshot(any());
    ArgumentCaptor<DrillResult> reported = ArgumentCaptor.forClass(DrillResult.class);
    verify(fx.reports).writeDrillReport(reported.capture());
    assertThat(reported.getValue().failureType()).isEqualTo(FailureType.TARGET_INDICES_OPEN);
    assertThat(reported.getValue().stages()).filteredOn(s -> s.stage() == Stage.CHECK_CONFLICTS)
        .singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(StageStatus.FAILED));
    assertThat(reported.getValue().stages()).filteredOn(s -> s.stage() == Stage.RESTORE)
        .singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(StageStatus.SKIPPED));
  }

  @Test
  void closeExistingClosesTheOpenIndicesBeforeTheRestoreAndSaysSo() {
    when(target.checkConflicts(any())).thenReturn(
        new TargetConflicts(List.of("logs-2026.11"), List.of("logs-2026.11"), List.of()));
    when(target.closeIndices(any(), any())).thenReturn(List.of("logs-2026.11"));

    DrillResult result = newFailover("failover-close").run(request(null, true));

    InOrder order = inOrder(target);
    order.verify(target).checkConflicts(any());
    order.verify(target).closeIndices(any(), eq(List.of("logs-2026.11")));
    order.verify(target).restoreSnapshot(any());
    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("closed 1", "logs-2026.11", "--close-existing"));
  }

  @Test
  void theRenameReachesEveryCallToTheTarget() {
    newFailover("failover-rename").run(request("(.+)", false));

    verify(target).checkConflicts(argThat(r -> "(.+)".equals(r.renamePattern()) && "restored-$1".equals(r.renameReplacement())));
    verify(target).restoreSnapshot(argThat(r -> "(.+)".equals(r.renamePattern())));
    verify(target).verifyRestore(argThat(r -> "(.+)".equals(r.target().renamePattern())));
  }

  @Test
  void aCancelDuringRestoreStopsItAndSaysWhatWasLeft() {
    when(target.restoreSnapshot(any())).thenAnswer(inv -> DrillFixtures.heartbeatUntilCanceled());
    when(target.stopRestore(any())).thenReturn(
        new FailoverLeftBehind(REPOSITORY, List.of("logs-2026.11"), List.of("logs-2026.10 (open)")));
    FailoverRestoreWorkflow failover = newFailover("failover-cancel");
    WorkflowClient.start(failover::run, request(null, false));
    await().atMost(Duration.ofSeconds(30)).until(() -> failover.progress().currentStage() == Stage.RESTORE);

    WorkflowStub.fromTyped(failover).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(failover).getResult(DrillResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    InOrder order = inOrder(target, fx.reports);
    order.verify(target).stopRestore(any());
    order.verify(fx.reports).writeDrillReport(argThat(r -> r.outcome() == DrillOutcome.CANCELED
        && r.warnings().stream().anyMatch(w -> w.contains("deleted 1 index(es) still being restored"))));
    String left = failover.progress().lastDetail();
    assertThat(left).contains("canceled during RESTORE", "logs-2026.11", "logs-2026.10 (open)", REPOSITORY,
        "stays registered read-only");
    assertThat(failover.progress().stages()).filteredOn(s -> s.stage() == Stage.RESTORE)
        .singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(StageStatus.CANCELED));
    verify(target, never()).verifyRestore(any());
  }

  @Test
  void aCancelBeforeTheTargetWasTouchedAsksItNothing() {
    when(fx.replication.checkReplica(any())).thenAnswer(inv -> DrillFixtures.heartbeatUntilCanceled());
    FailoverRestoreWorkflow failover = newFailover("failover-cancel-early");
    WorkflowClient.start(failover::run, request(null, false));
    await().atMost(Duration.ofSeconds(30)).until(() -> failover.progress().currentStage() == Stage.CONFIRM_REPLICATION);

    WorkflowStub.fromTyped(failover).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(failover).getResult(DrillResult.class))
        .hasCauseInstanceOf(CanceledFailure.class);
    verify(target, never()).registerReplicaRepository(any());
    verify(target, never()).stopRestore(any());
    assertThat(failover.progress().lastDetail()).contains("before anything was changed on cluster " + TARGET);
  }
}

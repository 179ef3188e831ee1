package io.snapdrill.workflows;

import static io.snapdrill.workflows.DrillFixtures.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealDecision;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.model.HostCost;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.RunbookHints;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StageStatus;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class DrillWorkflowTest {

  @RegisterExtension
  static final DrillTestEnvironment temporal =
      DrillTestEnvironment.extension(DrillWorkflowImpl.class, HostTeardownWorkflowImpl.class);

  private DrillFixtures fx;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    fx = new DrillFixtures();
    worker.registerActivitiesImplementations(fx.all());
    env.start();
  }

  private DrillWorkflow newDrill(String id) {
    return client.newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
  }

  @Test
  void happyPathRunsEveryStageInOrderAndTearsDown() {
    DrillResult result = newDrill("drill-happy").run(DrillRequest.newSnapshot(CLUSTER));

    InOrder order = inOrder(fx.all());
    order.verify(fx.sourceCluster).takeSnapshot(any());
    order.verify(fx.replication).checkReplicationRule(any());
    order.verify(fx.replication).checkReplica(any());
    order.verify(fx.storage).auditStorage(any());
    order.verify(fx.restoreHost).provisionHost(any());
    order.verify(fx.restoreCluster).restoreSnapshot(any());
    order.verify(fx.restoreCluster).verifyRestore(any());
    order.verify(fx.restoreHost).teardownHost(any());
    order.verify(fx.reports).writeDrillReport(any());
    verify(fx.storage, never()).healDeleteMarkers(any());

    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.failureType()).isNull();
    assertThat(result.stages()).extracting(StageRecord::stage).containsExactlyElementsOf(Stage.DRILL);
    assertThat(result.stages()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StageStatus.PASSED));
    assertThat(result.stages()).allSatisfy(s -> assertThat(s.durationMillis()).isNotNull());
    assertThat(result.rpoSeconds()).isNotNull().isGreaterThan(0);
    assertThat(result.rtoSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(result.report().markdown()).isEqualTo("r.md");
    assertThat(result.hosts()).hasSize(1);
    // $0.04/h for less than EC2's one-minute minimum.
    assertThat(result.hostCostUsd()).isEqualTo(0.001);

    var attributes = client.newUntypedWorkflowStub("drill-happy").describe().getTypedSearchAttributes();
    assertThat(attributes.get(DrillSearchAttributes.CLUSTER)).isEqualTo(CLUSTER);
    assertThat(attributes.get(DrillSearchAttributes.SNAPSHOT)).isEqualTo("snapdrill-2026.11.20");
    assertThat(attributes.get(DrillSearchAttributes.STAGE)).isEqualTo("REPORT");
    assertThat(attributes.get(DrillSearchAttributes.OUTCOME)).isEqualTo("PASSED");
  }

  @Test
  void rtoRunsFromProvisioningToVerifiedInThreePartsAndRpoNamesTheSnapshotInterval() {
    // Real time passes inside activities: a slow launch must count towards the RTO.
    when(fx.restoreHost.provisionHost(any())).thenAnswer(inv -> {
      Thread.sleep(2_100);
      return DrillFixtures.host(null);
    });
    when(fx.restoreCluster.restoreSnapshot(any())).thenAnswer(inv -> {
      Thread.sleep(1_100);
      return new RestoreResult(List.of("logs-2026.11"), 2, 1_048_576);
    });

    DrillResult result = newDrill("drill-rto-parts").run(DrillRequest.newSnapshot(CLUSTER));

    assertThat(result.rtoProvisionSeconds()).isGreaterThanOrEqualTo(2);
    assertThat(result.rtoRestoreSeconds()).isGreaterThanOrEqualTo(1);
    assertThat(result.rtoVerifySeconds()).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(result.rtoSeconds()).isGreaterThanOrEqualTo(3)
        .isEqualTo(result.rtoProvisionSeconds() + result.rtoRestoreSeconds() + result.rtoVerifySeconds())
        .isLessThanOrEqualTo(Duration.between(result.startedAt(), result.endedAt()).toSeconds());
    assertThat(result.rpoSeconds()).isEqualTo(Duration.between(DrillFixtures.SNAPSHOT_START, result.startedAt()).toSeconds());
    assertThat(result.snapshotIntervalSeconds()).isEqualTo(Duration.ofDays(1).toSeconds());
  }

  @Test
  void aDrillThatNeverVerifiedHasNoRtoNorParts() {
    when(fx.restoreCluster.restoreSnapshot(any())).thenThrow(FailureType.RESTORE_FAILED.failure("index closed"));

    assertThatThrownBy(() -> newDrill("drill-no-rto").run(DrillRequest.newSnapshot(CLUSTER)))
        .isInstanceOf(WorkflowFailedException.class);

    ArgumentCaptor<DrillResult> reported = ArgumentCaptor.forClass(DrillResult.class);
    verify(fx.reports).writeDrillReport(reported.capture());
    DrillResult result = reported.getValue();
    assertThat(result.rtoSeconds()).isNull();
    assertThat(result.rtoProvisionSeconds()).isNull();
    assertThat(result.rtoRestoreSeconds()).isNull();
    assertThat(result.rtoVerifySeconds()).isNull();
    assertThat(result.snapshotIntervalSeconds()).isEqualTo(Duration.ofDays(1).toSeconds());
  }

  @Test
  void existingSnapshotIsDescribedNotTaken() {
    DrillResult result = newDrill("drill-existing").run(new DrillRequest(CLUSTER, "Ab3dUuid", null, null));

    verify(fx.sourceCluster).describeSnapshot(argThat(r -> "Ab3dUuid".equals(r.snapshot())));
    verify(fx.sourceCluster, never()).takeSnapshot(any());
    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.stages().get(0).status()).isEqualTo(StageStatus.SKIPPED);
  }

  static Stream<Arguments> failureAtEachStage() {
    return Stream.of(
        failing(FailureType.SNAPSHOT_FAILED, Stage.SNAPSHOT, false,
            f -> when(f.sourceCluster.takeSnapshot(any())).thenThrow(FailureType.SNAPSHOT_FAILED.failure("shard [logs][0] failed"))),
        failing(FailureType.SNAPSHOT_PARTIAL, Stage.SNAPSHOT, false,
            f -> when(f.sourceCluster.takeSnapshot(any())).thenThrow(FailureType.SNAPSHOT_PARTIAL.failure("1 of 2 shards failed"))),
        failing(FailureType.REPLICATION_NOT_CONFIGURED, Stage.CONFIRM_REPLICATION, false,
            f -> when(f.replication.checkReplicationRule(any())).thenThrow(FailureType.REPLICATION_NOT_CONFIGURED.failure("no rule covers prod/logs"))),
        failing(FailureType.REPLICA_INCOMPLETE, Stage.CONFIRM_REPLICATION, false,
            f -> when(f.replication.checkReplica(any())).thenReturn(DrillFixtures.incompleteReplica("prod/logs/index-7"))),
        failing(FailureType.VERSIONING_DISABLED, Stage.AUDIT_STORAGE, false,
            f -> when(f.storage.auditStorage(any())).thenReturn(DrillFixtures.auditUnversioned())),
        failing(FailureType.LIFECYCLE_RULE_COVERS_REPOSITORY, Stage.AUDIT_STORAGE, false,
            f -> when(f.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithHazard())),
        failing(FailureType.DELETE_MARKER_HIDES_BLOB, Stage.AUDIT_STORAGE, false,
            f -> when(f.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker())),
        failing(FailureType.SPOT_CAPACITY_UNAVAILABLE, Stage.PROVISION_HOST, true,
            f -> when(f.restoreHost.provisionHost(any())).thenThrow(FailureType.SPOT_CAPACITY_UNAVAILABLE.failure("r6i.large in us-west-2a: InsufficientInstanceCapacity"))),
        failing(FailureType.RESTORE_FAILED, Stage.RESTORE, true,
            f -> when(f.restoreCluster.restoreSnapshot(any())).thenThrow(FailureType.RESTORE_FAILED.failure("shard [logs][0] failed"))),
        failing(FailureType.VERIFICATION_FAILED, Stage.VERIFY, true,
            f -> when(f.restoreCluster.verifyRestore(any())).thenReturn(DrillFixtures.failingVerification())));
  }

  private static Arguments failing(FailureType type, Stage stage, boolean provisioned, Consumer<DrillFixtures> inject) {
    return Arguments.of(type, stage, provisioned, inject);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource
  void failureAtEachStage(FailureType type, Stage stage, boolean provisioned, Consumer<DrillFixtures> inject) {
    inject.accept(fx);
    DrillRequest request = new DrillRequest(CLUSTER, null, HealPolicy.NEVER,
        new DrillSettings(Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofMinutes(5), null, null));

    DrillResult result = expectFailure(() -> newDrill("drill-fail-" + type).run(request), type);

    assertThat(result.failureType()).isEqualTo(type);
    assertThat(result.outcome()).isEqualTo(DrillOutcome.FAILED);
    StageRecord failed = result.stages().get(stage.ordinal());
    assertThat(failed.status()).isEqualTo(StageStatus.FAILED);
    assertThat(failed.failureType()).isEqualTo(type);
    assertThat(result.stages()).filteredOn(s -> s.stage().ordinal() > stage.ordinal() && s.stage().ordinal() < Stage.TEARDOWN.ordinal())
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(StageStatus.SKIPPED));
    verify(fx.reports).writeDrillReport(argThat(r -> r.failureType() == type));
    verify(fx.restoreHost, times(provisioned ? 1 : 0)).teardownHost(any());
    assertThat(result.stages().get(Stage.TEARDOWN.ordinal()).status())
        .isEqualTo(provisioned ? StageStatus.PASSED : StageStatus.SKIPPED);

    // The history on-call reads ends with what to do, once; the result keeps the message alone (reports add the hint).
    String hint = FailureType.HINT_SEPARATOR + RunbookHints.forType(type);
    assertThat(workflowFailureMessage("drill-fail-" + type)).endsWith(hint).containsOnlyOnce(FailureType.HINT_SEPARATOR);
    assertThat(result.failureMessage()).doesNotContain(FailureType.HINT_SEPARATOR);
    assertThat(failed.detail()).doesNotContain(FailureType.HINT_SEPARATOR);
  }

  @Test
  void theFailedActivityAndTheFailedDrillCarryTheRunbookHintInTheHistory() {
    when(fx.restoreCluster.restoreSnapshot(any()))
        .thenThrow(FailureType.RESTORE_FAILED.failure("shard [logs-2026.11][0] failed: corrupt blob __7"));

    DrillResult result = expectFailure(() -> newDrill("drill-hint").run(DrillRequest.newSnapshot(CLUSTER)),
        FailureType.RESTORE_FAILED);

    String expected = "shard [logs-2026.11][0] failed: corrupt blob __7" + FailureType.HINT_SEPARATOR
        + RunbookHints.forType(FailureType.RESTORE_FAILED);
    List<HistoryEvent> history = client.fetchHistory("drill-hint").getEvents();
    assertThat(history).filteredOn(HistoryEvent::hasActivityTaskFailedEventAttributes).singleElement()
        .satisfies(e -> assertThat(e.getActivityTaskFailedEventAttributes().getFailure().getMessage()).isEqualTo(expected));
    assertThat(workflowFailureMessage("drill-hint")).isEqualTo(expected);
    assertThat(result.failureMessage()).isEqualTo("shard [logs-2026.11][0] failed: corrupt blob __7");
  }

  /**
   * One request to the restore host may take up to its 120 s socket timeout, and a heartbeat is sent
   * between requests: a shorter heartbeat timeout kills a healthy attempt during one slow request.
   */
  @Test
  void restoreAndVerifyHeartbeatTimeoutsOutlastOneSlowClusterRequest() {
    newDrill("drill-heartbeats").run(DrillRequest.newSnapshot(CLUSTER));

    Duration slowestRequest = Duration.ofSeconds(120);
    List<HistoryEvent> scheduled = client.fetchHistory("drill-heartbeats").getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes).toList();
    for (String type : List.of("RestoreSnapshot", "VerifyRestore")) {
      var attributes = scheduled.stream().map(HistoryEvent::getActivityTaskScheduledEventAttributes)
          .filter(a -> a.getActivityType().getName().equals(type)).findFirst().orElseThrow();
      assertThat(Duration.ofSeconds(attributes.getHeartbeatTimeout().getSeconds())).as(type + "'s heartbeat timeout")
          .isGreaterThan(slowestRequest.plusSeconds(30));
    }
  }

  @Test
  void theResultCarriesTheHostCostFromLaunchRequestToConfirmedTermination() {
    when(fx.restoreHost.provisionHost(any())).thenAnswer(inv -> new RestoreHost("k", "ec2", "i-0abc",
        "http://10.0.3.7:9200", "r6i.xlarge", "us-west-2a", true, 1.2, Instant.parse("2026-11-20T07:00:00Z")));
    // Six transient failures: their retry backoffs (2+4+8+16+32+64 s) pass in skipped workflow time while
    // the host runs, so the host's lifetime is known exactly without waiting for it.
    IllegalStateException busy = new IllegalStateException("node is still starting");
    when(fx.restoreCluster.restoreSnapshot(any())).thenThrow(busy, busy, busy, busy, busy, busy)
        .thenReturn(new io.snapdrill.model.RestoreResult(List.of("logs-2026.11"), 2, 1));

    DrillResult result = newDrill("drill-cost").run(DrillRequest.newSnapshot(CLUSTER));

    Duration lifetime = Duration.between(result.stages().get(Stage.PROVISION_HOST.ordinal()).startedAt(),
        result.stages().get(Stage.TEARDOWN.ordinal()).endedAt());
    assertThat(lifetime).isGreaterThanOrEqualTo(Duration.ofSeconds(126)).isLessThan(Duration.ofMinutes(10));
    assertThat(result.hostCostUsd()).isEqualTo(HostCost.estimateUsd(1.2, lifetime)).isGreaterThanOrEqualTo(0.042);
    verify(fx.reports).writeDrillReport(argThat(r -> Objects.equals(r.hostCostUsd(), result.hostCostUsd())));
  }

  @Test
  void aHostWithoutAPriceLeavesTheCostUnknown() {
    when(fx.restoreHost.provisionHost(any())).thenAnswer(inv -> new RestoreHost("k", "local", "node-1",
        "http://127.0.0.1:9201", null, null, false, null, Instant.parse("2026-11-20T07:00:00Z")));

    DrillResult result = newDrill("drill-local-cost").run(DrillRequest.newSnapshot(CLUSTER));

    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.hostCostUsd()).isNull();
  }

  private String workflowFailureMessage(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasWorkflowExecutionFailedEventAttributes)
        .map(e -> e.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage())
        .findFirst().orElseThrow();
  }

  @Test
  void lifecycleHazardNamesTheRuleAndTheKeyItHid() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithHazard());

    DrillResult result = expectFailure(() -> newDrill("drill-rewind").run(DrillRequest.newSnapshot(CLUSTER)),
        FailureType.LIFECYCLE_RULE_COVERS_REPOSITORY);

    assertThat(result.failureMessage()).contains("expire-7d", "s3://logs-snapshots",
        "prod/logs/indices/Xy/0/__first", "auto-purge/");
    verify(fx.restoreHost, never()).provisionHost(any());
  }

  @Test
  void deleteMarkerWithHealNeverIsOnlyDryRun() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker());

    DrillResult result = expectFailure(() -> newDrill("drill-never").run(DrillRequest.newSnapshot(CLUSTER)),
        FailureType.DELETE_MARKER_HIDES_BLOB);

    verify(fx.storage).healDeleteMarkers(argThat(r -> r.dryRun()));
    verify(fx.storage, never()).healDeleteMarkers(argThat(r -> !r.dryRun()));
    assertThat(result.failureMessage()).contains("prod/logs/indices/Xy/0/__first", "snap-1", "--heal auto");
    assertThat(result.heal().dryRun()).isTrue();
  }

  @Test
  void healAutoRemovesMarkersReauditsAndPasses() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker(), DrillFixtures.cleanAudit());

    DrillResult result = newDrill("drill-auto").run(new DrillRequest(CLUSTER, null, HealPolicy.AUTO, null));

    verify(fx.storage).healDeleteMarkers(argThat(r -> !r.dryRun() && r.markers().size() == 1));
    verify(fx.storage, times(2)).auditStorage(any());
    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.heal().removed()).hasSize(1);
  }

  /**
   * An audit that lists only some of the markers over needed blobs: healing is sent the stored list with them
   * (the activity heals every one) and the drill's words count them all.
   */
  @Test
  void healingIsSentEveryStoredMarkerWhenTheAuditListsOnlySome() {
    java.util.List<io.snapdrill.model.DeleteMarker> hiding = java.util.stream.IntStream.range(0, 7_000)
        .mapToObj(i -> new io.snapdrill.model.DeleteMarker("logs-snapshots", "prod/logs/indices/Xy/0/__expired-" + i,
            "m-" + i, "v-" + i, java.util.List.of("snap-1")))
        .toList();
    io.snapdrill.model.StoredEvidence stored = new io.snapdrill.model.StoredEvidence(
        "/reports/drill-bounded-heal/evidence/storage-audit-5-primary-needed-markers.json", "ab", 7_000);
    io.snapdrill.model.StorageAudit bounded = new io.snapdrill.model.StorageAudit(java.util.List.of(
        new io.snapdrill.model.BucketAudit("primary", "logs-snapshots", "prod/logs", "Enabled", java.util.List.of(), hiding, 0)
            .bounded(stored),
        new io.snapdrill.model.BucketAudit("replica", "logs-snapshots-dr", "prod/logs", "Enabled", java.util.List.of(),
            java.util.List.of())));
    when(fx.storage.auditStorage(any())).thenReturn(bounded);

    DrillResult result = expectFailure(() -> newDrill("drill-bounded-heal").run(DrillRequest.newSnapshot(CLUSTER)),
        FailureType.DELETE_MARKER_HIDES_BLOB);

    verify(fx.storage).healDeleteMarkers(argThat(r -> r.dryRun()
        && r.markers().size() == io.snapdrill.model.BucketAudit.LISTED && java.util.List.of(stored).equals(r.markerEvidence())));
    assertThat(result.failureMessage()).startsWith("7000 delete marker(s) hide blobs snapshots need: ")
        .contains(" and 6990 more");
  }

  @Test
  void aHealedDrillNoLongerWarnsOfTheBlobsItsHealingBroughtBack() {
    // The replica check sees the blob hidden, AUDIT_STORAGE heals it and its second audit finds it readable.
    when(fx.replication.checkReplica(any())).thenReturn(DrillFixtures.replicaHiddenByMarker());
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker(), DrillFixtures.cleanAudit());

    DrillResult result = newDrill("drill-healed-warnings").run(new DrillRequest(CLUSTER, null, HealPolicy.AUTO, null));

    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.stages().get(Stage.AUDIT_STORAGE.ordinal()).detail())
        .contains("healed: removed 1 delete marker(s) over 1 blob(s)");
    assertThat(result.warnings()).noneMatch(w -> w.contains("hidden by")).noneMatch(w -> w.contains("__first"));
    ArgumentCaptor<DrillResult> reported = ArgumentCaptor.forClass(DrillResult.class);
    verify(fx.reports).writeDrillReport(reported.capture());
    assertThat(reported.getValue().warnings()).as("the report's warnings").isEmpty();
  }

  @Test
  void aDrillThatCouldNotHealStillWarnsOfTheHiddenBlob() {
    when(fx.replication.checkReplica(any())).thenReturn(DrillFixtures.replicaHiddenByMarker());
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker());

    DrillResult result = expectFailure(
        () -> newDrill("drill-unhealed-warnings").run(new DrillRequest(CLUSTER, null, HealPolicy.AUTO, null)),
        FailureType.DELETE_MARKER_HIDES_BLOB);

    assertThat(result.warnings()).anyMatch(w -> w.contains("hidden by a delete marker") && w.contains("__first"));
  }

  @Test
  void healAutoFailsWhenMarkersRemain() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker());

    DrillResult result = expectFailure(() -> newDrill("drill-auto-left").run(new DrillRequest(CLUSTER, null, HealPolicy.AUTO, null)),
        FailureType.DELETE_MARKER_HIDES_BLOB);
    assertThat(result.failureMessage()).contains("healing left 1 delete marker");
  }

  @Test
  void healAskApproved() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker(), DrillFixtures.cleanAudit());
    DrillWorkflow drill = newDrill("drill-ask-approve");
    WorkflowClient.start(drill::run, new DrillRequest(CLUSTER, null, HealPolicy.ASK, null));
    awaitHealQuestion(drill);

    assertThatThrownBy(() -> drill.decideHeal(new HealDecision(true, " ", null)))
        .isInstanceOf(WorkflowUpdateException.class);
    String ack = drill.decideHeal(new HealDecision(true, "alice", "INC-42", "4242@ops-bastion"));

    assertThat(ack).contains("approved", "1 delete marker", "alice");
    DrillResult result = WorkflowStub.fromTyped(drill).getResult(DrillResult.class);
    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    // The name is what the operator typed; the identity is what their Temporal client sent.
    assertThat(result.heal().approvedBy()).isEqualTo("alice");
    assertThat(result.heal().approverIdentity()).isEqualTo("4242@ops-bastion");
    verify(fx.storage).healDeleteMarkers(argThat(r -> !r.dryRun()));
  }

  @Test
  void healAskDenied() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker());
    DrillWorkflow drill = newDrill("drill-ask-deny");
    WorkflowClient.start(drill::run, new DrillRequest(CLUSTER, null, HealPolicy.ASK, null));
    awaitHealQuestion(drill);

    drill.decideHeal(new HealDecision(false, "bob", "change freeze"));

    DrillResult result = expectFailure(() -> WorkflowStub.fromTyped(drill).getResult(DrillResult.class),
        FailureType.DELETE_MARKER_HIDES_BLOB);
    assertThat(result.failureMessage()).contains("bob denied healing", "change freeze");
    verify(fx.storage, never()).healDeleteMarkers(any());
    verify(fx.restoreHost, never()).provisionHost(any());
  }

  @Test
  void healAskDeadlinePasses() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker());
    DrillRequest request = new DrillRequest(CLUSTER, null, HealPolicy.ASK,
        new DrillSettings(null, null, null, Duration.ofHours(4), null));

    DrillResult result = expectFailure(() -> newDrill("drill-ask-timeout").run(request),
        FailureType.DELETE_MARKER_HIDES_BLOB);

    assertThat(result.failureMessage()).contains("no operator decided within 4 h 00 min");
    verify(fx.storage, never()).healDeleteMarkers(any());
  }

  @Test
  void healDecisionIsRejectedWhenNotWaiting() {
    // Hold the drill in RESTORE so the update arrives while nothing waits for it.
    when(fx.restoreCluster.restoreSnapshot(any())).thenAnswer(inv -> DrillFixtures.heartbeatUntilCanceled());
    DrillWorkflow drill = newDrill("drill-no-ask");
    WorkflowClient.start(drill::run, DrillRequest.newSnapshot(CLUSTER));
    await().atMost(Duration.ofSeconds(30)).until(() -> drill.progress().currentStage() == Stage.RESTORE);

    assertThatThrownBy(() -> drill.decideHeal(new HealDecision(true, "alice", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause().hasMessageContaining("not waiting for a heal decision");
    WorkflowStub.fromTyped(drill).cancel();
  }

  @Test
  void replicationWaitPassesAfterSeveralChecks() {
    when(fx.replication.checkReplica(any())).thenReturn(
        DrillFixtures.incompleteReplica("prod/logs/indices/Xy/0/__a"),
        DrillFixtures.incompleteReplica("prod/logs/indices/Xy/0/__a"),
        DrillFixtures.incompleteReplica("prod/logs/indices/Xy/0/__a"),
        DrillFixtures.completeReplica());

    DrillResult result = newDrill("drill-lag").run(DrillRequest.newSnapshot(CLUSTER));

    verify(fx.replication, times(4)).checkReplica(any());
    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.stages().get(Stage.CONFIRM_REPLICATION.ordinal()).detail()).contains("after 4 check(s)");
  }

  @Test
  void replicationWaitFailsAtTheDeadlineNamingTheBlob() {
    when(fx.replication.checkReplica(any())).thenReturn(DrillFixtures.incompleteReplica("prod/logs/indices/Xy/0/__a"));
    DrillRequest request = new DrillRequest(CLUSTER, null, null,
        new DrillSettings(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofMinutes(10), null, null));

    DrillResult result = expectFailure(() -> newDrill("drill-lag-deadline").run(request), FailureType.REPLICA_INCOMPLETE);

    assertThat(result.failureMessage()).contains("s3://logs-snapshots-dr/prod/logs/indices/Xy/0/__a is missing",
        "after 10 checks over 1 h 00 min").doesNotContainPattern("PT\\d");
    // 1+2+4+8+10+10+10+10 minutes of backoff, cut at the deadline, then one final check.
    verify(fx.replication, times(10)).checkReplica(any());
    verify(fx.restoreHost, never()).provisionHost(any());
  }

  @Test
  void transientFailureIsRetriedAndTheDrillPasses() {
    when(fx.restoreHost.provisionHost(any()))
        .thenThrow(new IllegalStateException("RequestLimitExceeded"))
        .thenAnswer(inv -> DrillFixtures.host("k"));

    DrillResult result = newDrill("drill-transient").run(DrillRequest.newSnapshot(CLUSTER));

    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    verify(fx.restoreHost, times(2)).provisionHost(any());
    verify(fx.restoreHost, times(1)).teardownHost(any());
  }

  @Test
  void lostHostIsReplacedAndBothAreTornDown() {
    when(fx.restoreCluster.restoreSnapshot(any()))
        .thenThrow(FailureType.RESTORE_HOST_LOST.failure("instance i-0abc terminated: spot interruption"))
        .thenReturn(new io.snapdrill.model.RestoreResult(List.of("logs-2026.11"), 2, 1));

    DrillResult result = newDrill("drill-spot-lost").run(DrillRequest.newSnapshot(CLUSTER));

    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    verify(fx.restoreHost, times(2)).provisionHost(any());
    verify(fx.restoreHost, times(2)).teardownHost(any());
    assertThat(result.warnings()).anyMatch(w -> w.contains("lost during restore"))
        .noneMatch(w -> w.contains(FailureType.HINT_SEPARATOR));
    // Both hosts are priced, each at least EC2's one-minute minimum.
    assertThat(result.hostCostUsd()).isEqualTo(0.002);
  }

  @Test
  void teardownKeyIsChosenBeforeLaunchAndTeardownIsRetriedUntilItWorks() {
    AtomicInteger teardownCalls = new AtomicInteger();
    when(fx.restoreHost.teardownHost(any())).thenAnswer(inv -> {
      if (teardownCalls.incrementAndGet() < 4) {
        throw new IllegalStateException("EC2 API unavailable");
      }
      return new io.snapdrill.model.TeardownReport("k", List.of("i-0abc"), false);
    });
    when(fx.restoreHost.provisionHost(any())).thenThrow(new IllegalStateException("launch answer lost"));

    DrillResult result = expectFailure(() -> newDrill("drill-lost-launch").run(DrillRequest.newSnapshot(CLUSTER)),
        FailureType.STAGE_ERROR);

    // The launch never answered, so teardown works from the key chosen before the launch, and sweeps
    // that key once more after a delay (three failed attempts, the one that worked, the second sweep).
    verify(fx.restoreHost, times(5)).teardownHost(argThat(r -> r.hostId() == null && r.hostKey() != null));
    assertThat(result.stages().get(Stage.TEARDOWN.ordinal()).status()).isEqualTo(StageStatus.PASSED);
  }

  @Test
  void cancellationDuringRestoreStillTearsDown() {
    when(fx.restoreCluster.restoreSnapshot(any())).thenAnswer(inv -> DrillFixtures.heartbeatUntilCanceled());
    DrillWorkflow drill = newDrill("drill-cancel");
    WorkflowClient.start(drill::run, DrillRequest.newSnapshot(CLUSTER));
    await().atMost(Duration.ofSeconds(30)).until(() -> drill.progress().currentStage() == Stage.RESTORE);

    WorkflowStub.fromTyped(drill).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(drill).getResult(DrillResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    verify(fx.restoreHost, times(1)).teardownHost(any());
    verify(fx.reports).writeDrillReport(argThat(r -> r.outcome() == DrillOutcome.CANCELED));
    assertThat(drill.progress().stages().get(Stage.RESTORE.ordinal()).status()).isEqualTo(StageStatus.CANCELED);
  }

  /**
   * Cancel while the launch runs: teardown waits until the launch attempt has ended (it may have called
   * RunInstances just before it saw the cancel), and sweeps the host key once more after a delay, since
   * EC2 lists a just-launched instance by its tags only after a while.
   */
  @Test
  void cancellationDuringProvisioningTearsDownAfterTheLaunchEndedAndSweepsAgain() {
    AtomicBoolean launchEnded = new AtomicBoolean();
    List<Boolean> launchEndedAtEachTeardown = new CopyOnWriteArrayList<>();
    List<String> keysTornDown = new CopyOnWriteArrayList<>();
    when(fx.restoreHost.provisionHost(any())).thenAnswer(inv -> {
      try {
        return DrillFixtures.heartbeatUntilCanceled();
      } finally {
        Thread.sleep(1_000); // RunInstances answering after the cancel was asked for
        launchEnded.set(true);
      }
    });
    when(fx.restoreHost.teardownHost(any())).thenAnswer(inv -> {
      TeardownRequest r = inv.getArgument(0);
      launchEndedAtEachTeardown.add(launchEnded.get());
      keysTornDown.add(r.hostKey());
      return new TeardownReport(r.hostKey(), List.of(), false);
    });
    DrillWorkflow drill = newDrill("drill-cancel-provisioning");
    WorkflowClient.start(drill::run, DrillRequest.newSnapshot(CLUSTER));
    await().atMost(Duration.ofSeconds(30)).until(() -> drill.progress().currentStage() == Stage.PROVISION_HOST);

    WorkflowStub.fromTyped(drill).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(drill).getResult(DrillResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(launchEndedAtEachTeardown).containsExactly(true, true);
    assertThat(keysTornDown).hasSize(2).doesNotContainNull().containsOnly(keysTornDown.get(0));
  }

  /**
   * A host that cannot be torn down within the inline budget does not hold the drill for days: the drill
   * ends TEARDOWN_INCOMPLETE with its report, naming the host and the workflow that took it over, and that
   * workflow keeps trying until EC2 answers.
   */
  @Test
  void aHostTheDrillCannotTearDownIsHandedOffAndTheDrillEndsWithItsReport(TestWorkflowEnvironment env) {
    AtomicBoolean ec2Back = fx.teardownFailsUntilEc2IsBack();

    DrillResult result = expectFailure(() -> newDrill("drill-hand-off").run(DrillRequest.newSnapshot(CLUSTER)),
        FailureType.TEARDOWN_INCOMPLETE);

    ArgumentCaptor<io.snapdrill.model.ProvisionRequest> launch = ArgumentCaptor.forClass(io.snapdrill.model.ProvisionRequest.class);
    verify(fx.restoreHost).provisionHost(launch.capture());
    String key = launch.getValue().hostKey();
    String takenOverBy = HostTeardownWorkflow.workflowId(key);
    verify(fx.reports).writeDrillReport(any());
    assertThat(result.stages().get(Stage.TEARDOWN.ordinal()).status()).isEqualTo(StageStatus.FAILED);
    assertThat(result.stages().get(Stage.TEARDOWN.ordinal()).detail()).contains("i-0abc", key, takenOverBy);
    // the drill gave up inline after its budget, not after days
    assertThat(Duration.between(result.startedAt(), result.endedAt())).isLessThan(Duration.ofHours(1));

    ec2Back.set(true);
    TeardownReport handedOff = env.getWorkflowClient().newUntypedWorkflowStub(takenOverBy).getResult(TeardownReport.class);
    assertThat(handedOff.hostKey()).isEqualTo(key);
    assertThat(handedOff.terminatedHostIds()).containsExactly("i-0abc");
  }

  /** Two hosts left at the end (a lost one whose first teardown was refused, and its replacement) go down together. */
  @Test
  void hostsLeftAtTheEndAreTornDownInParallel() {
    when(fx.restoreCluster.restoreSnapshot(any()))
        .thenThrow(FailureType.RESTORE_HOST_LOST.failure("instance i-0abc terminated: spot interruption"))
        .thenReturn(new RestoreResult(List.of("logs-2026.11"), 2, 1));
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    when(fx.restoreHost.teardownHost(any())).thenAnswer(inv -> {
      TeardownRequest r = inv.getArgument(0);
      if (calls.incrementAndGet() == 1) {
        throw ApplicationFailure.newNonRetryableFailure("not authorized to terminate i-0abc", "CONFIGURATION_INVALID");
      }
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> inFlight.get() >= 2);
      } catch (org.awaitility.core.ConditionTimeoutException sequential) {
        // the other teardown never started while this one ran
      }
      inFlight.decrementAndGet();
      return new TeardownReport(r.hostKey(), List.of("i-0abc"), false);
    });

    DrillResult result = newDrill("drill-parallel-teardown").run(DrillRequest.newSnapshot(CLUSTER));

    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(calls).hasValue(3);
    assertThat(mostInFlight).hasValue(2);
  }

  private static void awaitHealQuestion(DrillWorkflow drill) {
    await().atMost(Duration.ofSeconds(30)).until(() -> drill.progress().awaitingHealDecision());
    assertThat(drill.progress().markersToHeal()).hasSize(1);
  }

  /** Runs a drill that must fail with {@code type}, and returns the drill result the failure carries. */
  private static DrillResult expectFailure(Runnable drill, FailureType type) {
    try {
      drill.run();
    } catch (WorkflowFailedException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure failure = (ApplicationFailure) e.getCause();
      assertThat(failure.getType()).isEqualTo(type.name());
      DrillResult result = failure.getDetails().get(DrillResult.class);
      assertThat(result).isNotNull();
      assertThat(result.report()).isNotNull();
      return result;
    }
    throw new AssertionError("drill passed; expected " + type);
  }
}

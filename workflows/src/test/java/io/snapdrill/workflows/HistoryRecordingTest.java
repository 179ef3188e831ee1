package io.snapdrill.workflows;

import io.snapdrill.model.FailoverLeftBehind;
import io.snapdrill.model.FailoverRequest;
import io.snapdrill.model.TargetConflicts;
import io.snapdrill.workflows.activities.FailoverTargetActivities;
import static io.snapdrill.workflows.DrillFixtures.CLUSTER;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;
import static org.mockito.Mockito.when;

import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealDecision;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.model.HostTermination;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.RestoreHostRecord;
import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.Stage;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.workflows.activities.JanitorActivities;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * Records the histories {@link WorkflowReplayTest} replays, one test per path of the drill. Runs only on request:
 * {@code mvn -pl workflows test -Dtest=HistoryRecordingTest -Dsnapdrill.recordHistories=src/test/resources/histories}
 *
 * <p>A history is never overwritten: it is what drills started by that code look like, and the code must go on
 * replaying it. A path whose histories all exist is skipped; a path whose control flow changed is recorded
 * under a new name (a new test here), and the old file stays.
 */
@EnabledIfSystemProperty(named = "snapdrill.recordHistories", matches = ".+")
class HistoryRecordingTest {

  @RegisterExtension
  static final DrillTestEnvironment temporal =
      DrillTestEnvironment.extension(RestoreAThonWorkflowImpl.class, DrillWorkflowImpl.class, JanitorWorkflowImpl.class,
          HostTeardownWorkflowImpl.class, FailoverRestoreWorkflowImpl.class);

  private DrillFixtures fx;
  private final JanitorActivities janitorActivities = mock(JanitorActivities.class, withSettings().withoutAnnotations());
  private final FailoverTargetActivities failoverTarget = mock(FailoverTargetActivities.class, withSettings().withoutAnnotations());
  private WorkflowClient client;
  private TestWorkflowEnvironment env;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.fx = new DrillFixtures();
    this.client = client;
    this.env = env;
    this.taskQueue = worker.getTaskQueue();
    worker.registerActivitiesImplementations(fx.all());
    worker.registerActivitiesImplementations(janitorActivities);
    when(failoverTarget.registerReplicaRepository(any())).thenReturn("snapdrill-replica-" + CLUSTER);
    when(failoverTarget.checkConflicts(any())).thenReturn(
        new TargetConflicts(List.of("logs-2026.11"), List.of("logs-2026.11"), List.of()));
    when(failoverTarget.closeIndices(any(), any())).thenReturn(List.of("logs-2026.11"));
    when(failoverTarget.restoreSnapshot(any())).thenReturn(new RestoreResult(List.of("logs-2026.11"), 2, 1_048_576));
    when(failoverTarget.verifyRestore(any())).thenReturn(DrillFixtures.passingVerification());
    when(failoverTarget.stopRestore(any())).thenReturn(
        new FailoverLeftBehind("snapdrill-replica-" + CLUSTER, List.of("logs-2026.11"), List.of()));
    worker.registerActivitiesImplementations(failoverTarget);
    env.start();
  }

  @Test
  void passed() {
    record(() -> drill("drill-passed").run(DrillRequest.newSnapshot(CLUSTER)), "drill-passed");
  }

  /** getVersion("snapshot-uuid-attribute") 1: the drill records its snapshot's UUID as DrSnapshotUuid. */
  @Test
  void passedRecordingTheSnapshotUuid() {
    record(() -> drill("drill-passed-snapshot-uuid").run(DrillRequest.newSnapshot(CLUSTER)), "drill-passed-snapshot-uuid");
  }

  /** The trigger's and {@code drill --snapshot}'s path: the snapshot exists and is only described. */
  @Test
  void existingSnapshot() {
    record(() -> drill("drill-existing-snapshot").run(new DrillRequest(CLUSTER, "Ab3dUuid", HealPolicy.NEVER, null)),
        "drill-existing-snapshot");
  }

  @Test
  void verificationFailed() {
    when(fx.replication.checkReplica(any()))
        .thenReturn(DrillFixtures.incompleteReplica("prod/logs/index-8"), DrillFixtures.completeReplica());
    when(fx.restoreCluster.verifyRestore(any())).thenReturn(DrillFixtures.failingVerification());
    record(() -> failing(() -> drill("drill-verification-failed").run(DrillRequest.newSnapshot(CLUSTER))),
        "drill-verification-failed");
  }

  /** Recorded before getVersion("heal-decision-recorded"): the drill followed the wait's outcome. */
  @Test
  void healAskApproved() {
    healAskApproved("drill-heal-ask-approved", new HealDecision(true, "alice", "INC-42"));
  }

  /** getVersion("heal-decision-recorded") 1: the drill follows the recorded decision, which names the client. */
  @Test
  void healAskApprovedFollowingTheRecordedDecision() {
    healAskApproved("drill-heal-ask-approved-recorded-decision",
        new HealDecision(true, "alice", "INC-42", "4242@ops-bastion"));
  }

  @Test
  void healAskDenied() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker());
    record(() -> {
      DrillWorkflow drill = startAsking("drill-heal-ask-denied");
      drill.decideHeal(new HealDecision(false, "bob", "change freeze"));
      failing(() -> WorkflowStub.fromTyped(drill).getResult(DrillResult.class));
    }, "drill-heal-ask-denied");
  }

  @Test
  void healAskTimedOut() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker());
    DrillRequest request = new DrillRequest(CLUSTER, null, HealPolicy.ASK,
        new DrillSettings(null, null, null, Duration.ofHours(4), null));
    record(() -> failing(() -> drill("drill-heal-ask-timeout").run(request)), "drill-heal-ask-timeout");
  }

  @Test
  void healAuto() {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker(), DrillFixtures.cleanAudit());
    record(() -> drill("drill-heal-auto").run(new DrillRequest(CLUSTER, null, HealPolicy.AUTO, null)),
        "drill-heal-auto");
  }

  /** A spot host lost during restore: torn down, replaced, and the drill passes on the second host. */
  @Test
  void hostReplaced() {
    when(fx.restoreCluster.restoreSnapshot(any()))
        .thenThrow(FailureType.RESTORE_HOST_LOST.failure("instance i-0abc terminated: spot interruption"))
        .thenReturn(new RestoreResult(List.of("logs-2026.11"), 2, 1));
    record(() -> drill("drill-host-replaced").run(DrillRequest.newSnapshot(CLUSTER)), "drill-host-replaced");
  }

  @Test
  void canceledDuringRestore() {
    when(fx.restoreCluster.restoreSnapshot(any())).thenAnswer(inv -> DrillFixtures.heartbeatUntilCanceled());
    record(() -> {
      DrillWorkflow drill = drill("drill-canceled");
      WorkflowClient.start(drill::run, DrillRequest.newSnapshot(CLUSTER));
      await().atMost(Duration.ofSeconds(30)).until(() -> drill.progress().currentStage() == Stage.RESTORE);
      WorkflowStub.fromTyped(drill).cancel();
      failing(() -> WorkflowStub.fromTyped(drill).getResult(DrillResult.class));
    }, "drill-canceled");
  }

  /**
   * getVersion("cancel-safe-provisioning") 1: canceled while the launch runs, the teardown waits for the
   * launch attempt to end and sweeps the host key again after a delay.
   */
  @Test
  void canceledDuringProvisioning() {
    when(fx.restoreHost.provisionHost(any())).thenAnswer(inv -> DrillFixtures.heartbeatUntilCanceled());
    record(() -> {
      DrillWorkflow drill = drill("drill-canceled-provisioning");
      WorkflowClient.start(drill::run, DrillRequest.newSnapshot(CLUSTER));
      await().atMost(Duration.ofSeconds(30)).until(() -> drill.progress().currentStage() == Stage.PROVISION_HOST);
      WorkflowStub.fromTyped(drill).cancel();
      failing(() -> WorkflowStub.fromTyped(drill).getResult(DrillResult.class));
    }, "drill-canceled-provisioning");
  }

  /**
   * getVersion("teardown-hand-off") 1: EC2 does not answer the teardown within the inline budget; the drill
   * hands the host to a HostTeardownWorkflow (its own history) and ends with its report; the hand-off
   * succeeds once EC2 is back.
   */
  @Test
  void teardownHandedOff() {
    AtomicBoolean ec2Back = fx.teardownFailsUntilEc2IsBack();
    Path dir = Path.of(System.getProperty("snapdrill.recordHistories"));
    Assumptions.assumeFalse(Files.exists(file(dir, "drill-teardown-handed-off")), "histories are never overwritten");
    failing(() -> drill("drill-teardown-handed-off").run(DrillRequest.newSnapshot(CLUSTER)));
    ArgumentCaptor<ProvisionRequest> launch = ArgumentCaptor.forClass(ProvisionRequest.class);
    verify(fx.restoreHost).provisionHost(launch.capture());
    String takeover = HostTeardownWorkflow.workflowId(launch.getValue().hostKey());
    ec2Back.set(true);
    client.newUntypedWorkflowStub(takeover).getResult(TeardownReport.class);
    try {
      Files.createDirectories(dir);
      Files.writeString(file(dir, "drill-teardown-handed-off"), client.fetchHistory("drill-teardown-handed-off").toJson(true),
          StandardOpenOption.CREATE_NEW);
      Files.writeString(file(dir, "teardown-handed-off-host"), client.fetchHistory(takeover).toJson(true),
          StandardOpenOption.CREATE_NEW);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A teardown that gives up (here at once: an error it must not retry) leaves the drill TEARDOWN_INCOMPLETE. */
  @Test
  void teardownFailed() {
    when(fx.restoreHost.teardownHost(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("not authorized to terminate i-0abc", "UnauthorizedOperation"));
    record(() -> failing(() -> drill("drill-teardown-failed").run(DrillRequest.newSnapshot(CLUSTER))),
        "drill-teardown-failed");
  }

  /** The restore-a-thon and its two child drills (the first fails at SNAPSHOT), each a history of its own. */
  @Test
  void restoreAThon() {
    when(fx.sourceCluster.takeSnapshot(any())).thenThrow(FailureType.SNAPSHOT_FAILED.failure("shard failed"))
        .thenReturn(DrillFixtures.snapshot());
    record(() -> client.newWorkflowStub(RestoreAThonWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon").setTaskQueue(taskQueue).build())
            .run(new RestoreAThonRequest(List.of(DrillRequest.newSnapshot("a"), DrillRequest.newSnapshot("b")), 1)),
        "restore-a-thon", "restore-a-thon-a", "restore-a-thon-b");
  }

  /**
   * getVersion("fleet-restore-a-thon") 1 and ("restore-host-slot") 1: three ABANDONed drills share one
   * restore host slot, so two of them wait for it (hostSlotRequested, hostSlotGranted, hostSlotReleased) and
   * each reports its summary by signal; the restore-a-thon and its three drills, each a history of its own.
   */
  @Test
  void restoreAThonSharingOneHostSlot() {
    record(() -> client.newWorkflowStub(RestoreAThonWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon-host-slots").setTaskQueue(taskQueue).build())
            .run(new RestoreAThonRequest(List.of(DrillRequest.newSnapshot("a"), DrillRequest.newSnapshot("b"),
                DrillRequest.newSnapshot("c")), 1)),
        "restore-a-thon-host-slots", "restore-a-thon-host-slots-a", "restore-a-thon-host-slots-b",
        "restore-a-thon-host-slots-c");
  }

  /**
   * getVersion("fleet-restore-a-thon") 1 past {@link RestoreAThonWorkflowImpl#DRILLS_PER_RUN} clusters: the
   * first run continues as new with a RestoreAThonTally while its drills still run, and the second run takes
   * their summaries, grants their slots and starts the last cluster. Each run is a file of its own
   * ({@code <id>.run<n>.json}); with them the first drill (started by run 1, reporting to run 2 or to run 1)
   * and the last (started by run 2).
   */
  @Test
  void restoreAThonContinuedAsNew() {
    String id = "restore-a-thon-continued";
    int clusters = RestoreAThonWorkflowImpl.DRILLS_PER_RUN + 1;
    String firstDrill = id + "-" + FleetRun.cluster(0);
    String lastDrill = id + "-" + FleetRun.cluster(clusters - 1);
    Path dir = Path.of(System.getProperty("snapdrill.recordHistories"));
    List<String> names = List.of(id + ".run1", id + ".run2", firstDrill, lastDrill);
    Assumptions.assumeTrue(names.stream().noneMatch(n -> Files.exists(file(dir, n))), "histories are never overwritten");
    List<DrillRequest> drills = java.util.stream.IntStream.range(0, clusters)
        .mapToObj(i -> DrillRequest.newSnapshot(FleetRun.cluster(i))).toList();
    RestoreAThonWorkflow restoreAThon = client.newWorkflowStub(RestoreAThonWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
    WorkflowExecution first = WorkflowClient.start(restoreAThon::run, new RestoreAThonRequest(drills, 2));
    WorkflowStub.fromTyped(restoreAThon).getResult(io.snapdrill.model.RestoreAThonResult.class);

    List<String> runs = new java.util.ArrayList<>();
    String runId = first.getRunId();
    while (runId != null) {
      WorkflowExecutionHistory history = client.fetchHistory(id, runId);
      runs.add(history.toJson(true));
      HistoryEvent last = history.getLastEvent();
      runId = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId() : null;
    }
    org.assertj.core.api.Assertions.assertThat(runs).as("runs of " + id).hasSize(2);
    try {
      Files.createDirectories(dir);
      for (int run = 1; run <= runs.size(); run++) {
        Files.writeString(file(dir, id + ".run" + run), runs.get(run - 1), StandardOpenOption.CREATE_NEW);
      }
      for (String drill : List.of(firstDrill, lastDrill)) {
        Files.writeString(file(dir, drill), client.fetchHistory(drill).toJson(true), StandardOpenOption.CREATE_NEW);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An operator terminates the drill holding the only host slot (it never releases it nor reports): the
   * restore-a-thon's hourly ping to it is refused, the drill is counted as failed, its slot goes to the next.
   * The restore-a-thon and the two other drills; not the terminated drill, whose history ends on a command
   * event with no completed workflow task after it, which WorkflowReplayer refuses ("Unexpected event").
   */
  @Test
  void restoreAThonWithATerminatedDrill() {
    String id = "restore-a-thon-terminated-drill";
    Path dir = Path.of(System.getProperty("snapdrill.recordHistories"));
    Assumptions.assumeFalse(Files.exists(file(dir, id)), "histories are never overwritten");
    TerminatedRestore stuck = new TerminatedRestore(fx);
    RestoreAThonWorkflow restoreAThon = client.newWorkflowStub(RestoreAThonWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
    WorkflowClient.start(restoreAThon::run, new RestoreAThonRequest(List.of(
        DrillRequest.newSnapshot("a"), DrillRequest.newSnapshot("b"), DrillRequest.newSnapshot("c")), 1));
    String terminated = stuck.terminateTheHolder(client, restoreAThon, env);
    WorkflowStub.fromTyped(restoreAThon).getResult(io.snapdrill.model.RestoreAThonResult.class);
    try {
      Files.createDirectories(dir);
      for (String workflowId : List.of(id, id + "-a", id + "-b", id + "-c")) {
        if (!workflowId.equals(terminated)) {
          Files.writeString(file(dir, workflowId), client.fetchHistory(workflowId).toJson(true), StandardOpenOption.CREATE_NEW);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Recorded before getVersion("janitor-spares-live-drills"): a host past its expiry is terminated though
   * its drill still runs; an orphan and a healthy host beside it.
   */
  @Test
  void janitorTerminatesAnExpiredHostOfARunningDrill() {
    Instant now = Instant.parse("2026-12-02T08:00:00Z");
    when(janitorActivities.findRestoreHosts()).thenReturn(List.of(
        janitorHost("i-expired", "drill-running", now.minus(Duration.ofDays(400))),
        janitorHost("i-orphaned", "drill-closed", now.plus(Duration.ofDays(400))),
        janitorHost("i-healthy", "drill-running", now.plus(Duration.ofDays(400)))));
    when(janitorActivities.closedWorkflows(List.of("drill-closed", "drill-running"))).thenReturn(List.of("drill-closed"));
    when(janitorActivities.terminateHosts(anyList())).thenAnswer(inv -> inv.<List<String>>getArgument(0).stream()
        .map(id -> new HostTermination(id, true, "shutting-down")).toList());
    record(() -> client.newWorkflowStub(JanitorWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("janitor-expired-live-drill").setTaskQueue(taskQueue).build()).run(),
        "janitor-expired-live-drill");
  }

  /** getVersion("janitor-spares-live-drills") 1: that host is kept; one past its hard cap is terminated. */
  @Test
  void janitorSparesTheHostOfARunningDrill() {
    Instant now = Instant.parse("2026-12-02T08:00:00Z");
    when(janitorActivities.findRestoreHosts()).thenReturn(List.of(
        janitorHost("i-long-restore", "drill-running", now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(400))),
        janitorHost("i-past-cap", "drill-running", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(399))),
        janitorHost("i-orphaned", "drill-closed", now.plus(Duration.ofDays(400)), now.plus(Duration.ofDays(400)))));
    when(janitorActivities.closedWorkflows(List.of("drill-closed", "drill-running"))).thenReturn(List.of("drill-closed"));
    when(janitorActivities.terminateHosts(anyList())).thenAnswer(inv -> inv.<List<String>>getArgument(0).stream()
        .map(id -> new HostTermination(id, true, "shutting-down")).toList());
    record(() -> client.newWorkflowStub(JanitorWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("janitor-spares-live-drill").setTaskQueue(taskQueue).build()).run(),
        "janitor-spares-live-drill");
  }

  private static RestoreHostRecord janitorHost(String id, String workflowId, Instant expiresAt) {
    return janitorHost(id, workflowId, expiresAt, null);
  }

  private static RestoreHostRecord janitorHost(String id, String workflowId, Instant expiresAt, Instant hardCapAt) {
    return new RestoreHostRecord(id, "running", "key-" + id, workflowId, "logs", expiresAt, expiresAt.toString(),
        expiresAt.minus(Duration.ofHours(12)), "m6i.xlarge", "us-west-2a", true, hardCapAt);
  }

  private void healAskApproved(String id, HealDecision approval) {
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker(), DrillFixtures.cleanAudit());
    record(() -> {
      DrillWorkflow drill = startAsking(id);
      drill.decideHeal(approval);
      WorkflowStub.fromTyped(drill).getResult(DrillResult.class);
    }, id);
  }

  private DrillWorkflow startAsking(String id) {
    DrillWorkflow drill = drill(id);
    WorkflowClient.start(drill::run, new DrillRequest(CLUSTER, null, HealPolicy.ASK, null));
    await().atMost(Duration.ofSeconds(30)).until(() -> drill.progress().awaitingHealDecision());
    return drill;
  }

  @Test
  void failoverClosingExisting() {
    record(() -> failover("failover-logs-prod-to-logs-dr-closing-existing").run(failoverRequest(true)),
        "failover-logs-prod-to-logs-dr-closing-existing");
  }

  @Test
  void failoverRefused() {
    record(() -> failing(() -> failover("failover-logs-prod-to-logs-dr-refused").run(failoverRequest(false))),
        "failover-logs-prod-to-logs-dr-refused");
  }

  @Test
  void failoverCanceledDuringRestore() {
    when(failoverTarget.restoreSnapshot(any())).thenAnswer(inv -> DrillFixtures.heartbeatUntilCanceled());
    record(() -> {
      FailoverRestoreWorkflow failover = failover("failover-logs-prod-to-logs-dr-canceled");
      WorkflowClient.start(failover::run, failoverRequest(true));
      await().atMost(Duration.ofSeconds(30)).until(() -> failover.progress().currentStage() == Stage.RESTORE);
      WorkflowStub.fromTyped(failover).cancel();
      failing(() -> WorkflowStub.fromTyped(failover).getResult(DrillResult.class));
    }, "failover-logs-prod-to-logs-dr-canceled");
  }

  private static FailoverRequest failoverRequest(boolean closeExisting) {
    return new FailoverRequest(CLUSTER, "snapdrill-2026.11.20", "logs-dr", null, null, closeExisting, null);
  }

  private FailoverRestoreWorkflow failover(String id) {
    return client.newWorkflowStub(FailoverRestoreWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
  }

  private DrillWorkflow drill(String id) {
    return client.newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
  }

  /** Runs a path that ends the workflow with a failure: recorded for that failure. */
  private static void failing(Runnable path) {
    try {
      path.run();
    } catch (WorkflowException expected) {
      return;
    }
    throw new AssertionError("the path was recorded for its failure, and the workflow did not fail");
  }

  /**
   * Runs {@code path} and writes the history of each workflow id that has no file yet; existing files are
   * kept as they are (CREATE_NEW: never overwritten, even by a race between two recordings).
   */
  private void record(Runnable path, String... workflowIds) {
    Path dir = Path.of(System.getProperty("snapdrill.recordHistories"));
    List<String> missing = List.of(workflowIds).stream().filter(id -> !Files.exists(file(dir, id))).toList();
    Assumptions.assumeFalse(missing.isEmpty(),
        () -> "kept " + List.of(workflowIds) + ": histories are never overwritten; record a changed path under a new name");
    path.run();
    try {
      Files.createDirectories(dir);
      for (String id : missing) {
        Files.writeString(file(dir, id), client.fetchHistory(id).toJson(true), StandardOpenOption.CREATE_NEW);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not write the histories " + missing + " into " + dir + ": " + e, e);
    }
  }

  private static Path file(Path dir, String workflowId) {
    return dir.resolve(workflowId + ".json");
  }
}

package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.model.RestoreAThonResult;
import io.snapdrill.model.RestoreResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.RestoreAThonProgress;
import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestoreAThonWorkflowTest {

  @RegisterExtension
  static final DrillTestEnvironment temporal =
      DrillTestEnvironment.extension(RestoreAThonWorkflowImpl.class, DrillWorkflowImpl.class);

  @Test
  void oneFailingClusterOutOfThreeDoesNotStopTheOthers(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    DrillFixtures fx = new DrillFixtures();
    when(fx.sourceCluster.takeSnapshot(argThat(r -> r != null && r.cluster().equals("billing"))))
        .thenThrow(FailureType.SNAPSHOT_FAILED.failure("repository s3-backups is missing on billing"));
    AtomicInteger restoring = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    when(fx.restoreCluster.restoreSnapshot(any())).thenAnswer(inv -> {
      mostAtOnce.accumulateAndGet(restoring.incrementAndGet(), Math::max);
      Thread.sleep(300);
      restoring.decrementAndGet();
      return new RestoreResult(List.of("logs"), 1, 1);
    });
    worker.registerActivitiesImplementations(fx.all());
    env.start();

    RestoreAThonWorkflow restoreAThon = client.newWorkflowStub(RestoreAThonWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon-2026-q4").setTaskQueue(worker.getTaskQueue()).build());
    RestoreAThonResult result = restoreAThon.run(new RestoreAThonRequest(List.of(
        DrillRequest.newSnapshot("logs"), DrillRequest.newSnapshot("billing"), DrillRequest.newSnapshot("search")), 1));

    assertThat(result.passed()).isEqualTo(2);
    assertThat(result.failed()).isEqualTo(1);
    assertThat(result.clusters()).isEqualTo(3);
    List<DrillSummary> drills = fx.storedSummaries();
    assertThat(drills).extracting(DrillSummary::cluster).containsExactlyInAnyOrder("logs", "billing", "search");
    DrillSummary billing = summaryOf(drills, "billing");
    assertThat(billing.outcome()).isEqualTo(DrillOutcome.FAILED);
    assertThat(billing.failureType()).isEqualTo(FailureType.SNAPSHOT_FAILED);
    assertThat(billing.failureMessage()).contains("repository s3-backups is missing")
        .doesNotContain(FailureType.HINT_SEPARATOR);
    assertThat(billing.drillId()).isEqualTo("restore-a-thon-2026-q4-billing");
    assertThat(result.report()).isNotNull();
    assertThat(mostAtOnce).hasValue(1);
    // Each passing drill ran one host at $0.04/h for less than EC2's one-minute minimum: $0.001 each (rounded).
    assertThat(summaryOf(drills, "logs").hostCostUsd()).isEqualTo(0.001);
    assertThat(billing.hostCostUsd()).isNull();
    assertThat(result.hostCostUsd()).isEqualTo(0.002);
    assertThat(result.summaryBatches()).extracting(StoredEvidence::count).containsExactly(3);
    verify(fx.reports).writeRestoreAThonReport(argThat(r -> r.configuredClusters().equals(List.of("logs", "billing", "search"))
        && r.summaryBatches().equals(result.summaryBatches())));
  }

  private static DrillSummary summaryOf(List<DrillSummary> drills, String cluster) {
    return drills.stream().filter(d -> d.cluster().equals(cluster)).findFirst().orElseThrow();
  }

  @Test
  void aDrillThatCannotStartIsReportedAsFailedWithoutStoppingTheRestoreAThon(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    DrillFixtures fx = new DrillFixtures();
    worker.registerActivitiesImplementations(fx.all());
    env.start();
    // A drill already running under the id the restore-a-thon gives its billing drill: that child cannot start.
    DrillWorkflow running = client.newWorkflowStub(DrillWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId("restore-a-thon-2027-q1-billing").setTaskQueue(worker.getTaskQueue()).build());
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker(), DrillFixtures.cleanAudit());
    WorkflowClient.start(running::run, new DrillRequest("billing", null, HealPolicy.ASK, null));
    await().atMost(Duration.ofSeconds(30)).until(() -> running.progress().awaitingHealDecision());

    RestoreAThonResult result = client.newWorkflowStub(RestoreAThonWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon-2027-q1").setTaskQueue(worker.getTaskQueue()).build())
        .run(new RestoreAThonRequest(List.of(DrillRequest.newSnapshot("logs"), DrillRequest.newSnapshot("billing")), 2));

    assertThat(result.passed()).isEqualTo(1);
    DrillSummary billing = summaryOf(fx.storedSummaries(), "billing");
    assertThat(billing.drillId()).isEqualTo("restore-a-thon-2027-q1-billing");
    assertThat(billing.outcome()).isEqualTo(DrillOutcome.FAILED);
    assertThat(billing.failureType()).isEqualTo(FailureType.STAGE_ERROR);
    assertThat(billing.failureMessage()).contains("restore-a-thon-2027-q1-billing is already running");
    assertThat(billing.report()).isNull();
    WorkflowStub.fromTyped(running).terminate("test done");
  }

  /** Records the stages that matter for host slots, and how many hosts were up at once. */
  private static final class HostLog {
    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicInteger up = new AtomicInteger();
    final AtomicInteger mostUp = new AtomicInteger();

    HostLog(DrillFixtures fx) {
      when(fx.sourceCluster.takeSnapshot(any())).thenAnswer(inv -> {
        SnapshotRequest r = inv.getArgument(0);
        if (r != null) {
          events.add("snapshot " + r.cluster());
        }
        return DrillFixtures.snapshot();
      });
      when(fx.restoreHost.provisionHost(any())).thenAnswer(inv -> {
        ProvisionRequest r = inv.getArgument(0);
        if (r == null) {
          return null;
        }
        events.add("provision " + r.cluster());
        mostUp.accumulateAndGet(up.incrementAndGet(), Math::max);
        return DrillFixtures.host(r.hostKey());
      });
      when(fx.restoreHost.teardownHost(any())).thenAnswer(inv -> {
        TeardownRequest r = inv.getArgument(0);
        if (r == null) {
          return null;
        }
        events.add("teardown " + r.cluster());
        up.decrementAndGet();
        return new TeardownReport(r.hostKey(), List.of("i-0abc"), false);
      });
    }

    int at(String event) {
      assertThat(events).contains(event);
      return events.indexOf(event);
    }
  }

  @Test
  void aDrillWaitingForItsReplicaHoldsNoRestoreHost(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    DrillFixtures fx = new DrillFixtures();
    HostLog hosts = new HostLog(fx);
    // Cluster a's replica completes only once b's whole host phase is over: b must not wait for a.
    when(fx.replication.checkReplica(any())).thenAnswer(inv -> {
      StorageCheckRequest r = inv.getArgument(0);
      if (r != null && r.cluster().equals("a") && !hosts.events.contains("teardown b")) {
        return DrillFixtures.incompleteReplica("indices/x/0/__blob");
      }
      if (r != null) {
        hosts.events.add("replica complete " + r.cluster());
      }
      return DrillFixtures.completeReplica();
    });
    worker.registerActivitiesImplementations(fx.all());
    env.start();

    RestoreAThonResult result = client.newWorkflowStub(RestoreAThonWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon-slots").setTaskQueue(worker.getTaskQueue()).build())
        .run(new RestoreAThonRequest(List.of(DrillRequest.newSnapshot("a"), DrillRequest.newSnapshot("b")), 1));

    assertThat(result.passed()).isEqualTo(2);
    assertThat(hosts.at("provision b")).isLessThan(hosts.at("teardown b"));
    assertThat(hosts.at("teardown b")).isLessThan(hosts.at("replica complete a"));
    assertThat(hosts.at("replica complete a")).isLessThan(hosts.at("provision a"));
    assertThat(hosts.mostUp).hasValue(1);
  }

  @Test
  void aDrillHoldingTheOnlyHostSlotMakesTheNextOneWaitUntilItsTeardown(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    DrillFixtures fx = new DrillFixtures();
    HostLog hosts = new HostLog(fx);
    worker.registerActivitiesImplementations(fx.all());
    env.start();

    RestoreAThonResult result = client.newWorkflowStub(RestoreAThonWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon-one-host").setTaskQueue(worker.getTaskQueue()).build())
        .run(new RestoreAThonRequest(List.of(DrillRequest.newSnapshot("a"), DrillRequest.newSnapshot("b"),
            DrillRequest.newSnapshot("c")), 1));

    assertThat(result.passed()).isEqualTo(3);
    assertThat(hosts.mostUp).hasValue(1);
    // every drill's cheap stages ran before the second host was launched
    assertThat(hosts.at("snapshot c")).isLessThan(hosts.events.lastIndexOf(hosts.events.stream()
        .filter(e -> e.startsWith("provision")).reduce((x, y) -> y).orElseThrow()));
    assertThat(hosts.events.stream().filter(e -> e.startsWith("provision"))).hasSize(3);
  }

  @Test
  @Timeout(120)
  void aCanceledRestoreAThonCancelsItsDrillsAndTheWaitingOneNeverGetsAHost(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    DrillFixtures fx = new DrillFixtures();
    HostLog hosts = new HostLog(fx);
    // The restore heartbeats until its drill is canceled, as the real one does between requests.
    when(fx.restoreCluster.restoreSnapshot(any())).thenAnswer(inv -> {
      for (int i = 0; i < 600; i++) {
        Thread.sleep(100);
        io.temporal.activity.Activity.getExecutionContext().heartbeat(i);
      }
      return new RestoreResult(List.of("logs"), 1, 1);
    });
    worker.registerActivitiesImplementations(fx.all());
    env.start();
    RestoreAThonWorkflow restoreAThon = client.newWorkflowStub(RestoreAThonWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon-canceled").setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(restoreAThon::run,
        new RestoreAThonRequest(List.of(DrillRequest.newSnapshot("a"), DrillRequest.newSnapshot("b")), 1));
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      RestoreAThonProgress p = restoreAThon.progress();
      return p.holdingHost().size() == 1 && p.waitingForHost() == 1;
    });

    WorkflowStub.fromTyped(restoreAThon).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(restoreAThon).getResult(RestoreAThonResult.class))
        .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    assertThat(fx.storedSummaries()).extracting(DrillSummary::outcome)
        .containsExactly(DrillOutcome.CANCELED, DrillOutcome.CANCELED);
    assertThat(hosts.events.stream().filter(e -> e.startsWith("provision"))).hasSize(1);
    assertThat(hosts.up).hasValue(0);
    verify(fx.reports).writeRestoreAThonReport(argThat(r -> r.configuredClusters().size() == 2));
  }

  /**
   * An operator terminates a drill that holds the only host slot: its own code never runs again, so it never
   * gives the slot back nor reports. The restore-a-thon finds it closed, counts it as a failed drill that
   * ended without reporting, and the waiting clusters get the slot.
   */
  @Test
  @Timeout(120)
  void aTerminatedDrillHoldingTheOnlySlotIsCountedAndTheOthersStillGetIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    DrillFixtures fx = new DrillFixtures();
    HostLog hosts = new HostLog(fx);
    TerminatedRestore stuck = new TerminatedRestore(fx);
    worker.registerActivitiesImplementations(fx.all());
    env.start();
    RestoreAThonWorkflow restoreAThon = client.newWorkflowStub(RestoreAThonWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon-terminated").setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(restoreAThon::run, new RestoreAThonRequest(List.of(
        DrillRequest.newSnapshot("a"), DrillRequest.newSnapshot("b"), DrillRequest.newSnapshot("c")), 1));

    String terminated = stuck.terminateTheHolder(client, restoreAThon, env);
    RestoreAThonResult result = WorkflowStub.fromTyped(restoreAThon).getResult(RestoreAThonResult.class);

    assertThat(result.clusters()).isEqualTo(3);
    assertThat(result.passed()).isEqualTo(2);
    assertThat(result.failed()).isEqualTo(1);
    List<DrillSummary> drills = fx.storedSummaries();
    assertThat(drills).extracting(DrillSummary::drillId).doesNotHaveDuplicates().hasSize(3);
    DrillSummary summary = drills.stream().filter(d -> d.drillId().equals(terminated)).findFirst().orElseThrow();
    assertThat(summary.outcome()).isEqualTo(DrillOutcome.FAILED);
    assertThat(summary.failureType()).isEqualTo(FailureType.STAGE_ERROR);
    assertThat(summary.failureMessage()).contains(terminated).contains("terminated");
    assertThat(hosts.events.stream().filter(e -> e.startsWith("provision"))).hasSize(3);
    // the terminated drill's host is never torn down by it (the janitor's case); the two others were
    assertThat(hosts.events.stream().filter(e -> e.startsWith("teardown"))).hasSize(2);
  }
}

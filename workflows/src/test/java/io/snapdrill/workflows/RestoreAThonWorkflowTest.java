package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
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
    assertThat(result.drills()).extracting(DrillResult::cluster).containsExactly("logs", "billing", "search");
    DrillResult billing = result.drills().get(1);
    assertThat(billing.outcome()).isEqualTo(DrillOutcome.FAILED);
    assertThat(billing.failureType()).isEqualTo(FailureType.SNAPSHOT_FAILED);
    assertThat(billing.failureMessage()).contains("repository s3-backups is missing")
        .doesNotContain(FailureType.HINT_SEPARATOR);
    assertThat(billing.drillId()).isEqualTo("restore-a-thon-2026-q4-billing");
    assertThat(result.report()).isNotNull();
    assertThat(mostAtOnce).hasValue(1);
    // Each passing drill ran one host at $0.04/h for less than EC2's one-minute minimum: $0.001 each (rounded).
    assertThat(result.drills()).extracting(DrillResult::hostCostUsd).containsExactly(0.001, null, 0.001);
    assertThat(result.hostCostUsd()).isEqualTo(0.002);
    verify(fx.reports).writeRestoreAThonReport(argThat(r -> r.drills().size() == 3 && Double.valueOf(0.002).equals(r.hostCostUsd())));
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
    DrillResult billing = result.drills().get(1);
    assertThat(billing.drillId()).isEqualTo("restore-a-thon-2027-q1-billing");
    assertThat(billing.cluster()).isEqualTo("billing");
    assertThat(billing.outcome()).isEqualTo(DrillOutcome.FAILED);
    assertThat(billing.failureType()).isEqualTo(FailureType.STAGE_ERROR);
    assertThat(billing.failureMessage()).contains("restore-a-thon-2027-q1-billing is already running");
    assertThat(billing.stages()).isEmpty();
    assertThat(billing.hosts()).isEmpty();
    WorkflowStub.fromTyped(running).terminate("test done");
  }
}

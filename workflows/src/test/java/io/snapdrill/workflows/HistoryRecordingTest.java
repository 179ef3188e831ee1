package io.snapdrill.workflows;

import static io.snapdrill.workflows.DrillFixtures.CLUSTER;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealDecision;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.model.RestoreAThonRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the histories {@link WorkflowReplayTest} replays. Runs only on request:
 * {@code mvn -pl workflows test -Dtest=HistoryRecordingTest -Dsnapdrill.recordHistories=src/test/resources/histories}
 */
@EnabledIfSystemProperty(named = "snapdrill.recordHistories", matches = ".+")
class HistoryRecordingTest {

  @RegisterExtension
  static final DrillTestEnvironment temporal =
      DrillTestEnvironment.extension(RestoreAThonWorkflowImpl.class, DrillWorkflowImpl.class);

  @Test
  void record(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    DrillFixtures fx = new DrillFixtures();
    when(fx.storage.auditStorage(any())).thenReturn(
        DrillFixtures.cleanAudit(), // drill-passed
        DrillFixtures.auditWithMarker(), DrillFixtures.cleanAudit(), // drill-heal-ask-approved
        DrillFixtures.cleanAudit());
    when(fx.replication.checkReplica(any())).thenReturn(
        DrillFixtures.completeReplica(), DrillFixtures.completeReplica(),
        DrillFixtures.incompleteReplica("prod/logs/index-8"), DrillFixtures.completeReplica());
    when(fx.restoreCluster.verifyRestore(any())).thenReturn(
        DrillFixtures.passingVerification(), DrillFixtures.passingVerification(),
        DrillFixtures.failingVerification(), DrillFixtures.passingVerification());
    worker.registerActivitiesImplementations(fx.all());
    env.start();

    drill(client, worker, "drill-passed").run(DrillRequest.newSnapshot(CLUSTER));

    DrillWorkflow ask = drill(client, worker, "drill-heal-ask-approved");
    WorkflowClient.start(ask::run, new DrillRequest(CLUSTER, null, HealPolicy.ASK, null));
    await().atMost(Duration.ofSeconds(30)).until(() -> ask.progress().awaitingHealDecision());
    ask.decideHeal(new HealDecision(true, "alice", "INC-42"));
    WorkflowStub.fromTyped(ask).getResult(DrillResult.class);

    try {
      drill(client, worker, "drill-verification-failed").run(DrillRequest.newSnapshot(CLUSTER));
    } catch (WorkflowFailedException expected) {
      // recorded for its failure path
    }

    when(fx.sourceCluster.takeSnapshot(any())).thenThrow(FailureType.SNAPSHOT_FAILED.failure("shard failed"))
        .thenReturn(DrillFixtures.snapshot());
    client.newWorkflowStub(RestoreAThonWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon").setTaskQueue(worker.getTaskQueue()).build())
        .run(new RestoreAThonRequest(List.of(DrillRequest.newSnapshot("a"), DrillRequest.newSnapshot("b")), 1));

    Path dir = Path.of(System.getProperty("snapdrill.recordHistories"));
    Files.createDirectories(dir);
    for (String id : List.of("drill-passed", "drill-heal-ask-approved", "drill-verification-failed", "restore-a-thon")) {
      Files.writeString(dir.resolve(id + ".json"), client.fetchHistory(id).toJson(true));
    }
  }

  private static DrillWorkflow drill(WorkflowClient client, Worker worker, String id) {
    return client.newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(worker.getTaskQueue()).build());
  }
}

package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.RunbookHints;
import io.snapdrill.model.Stage;
import io.snapdrill.worker.cli.DrillFollower;
import io.snapdrill.worker.config.ConfigLoader;
import io.snapdrill.worker.config.OperationsConfigTest;
import io.snapdrill.worker.history.DrillHistory.DrillRow;
import io.snapdrill.worker.history.DrillHistory;
import io.snapdrill.worker.temporal.DrillStarter;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.workflows.DrillFixtures;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.snapdrill.workflows.RestoreAThonWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.worker.Worker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line's own plumbing on the embedded Temporal service, with stand-in activities. */
class EmbeddedDrillTest {

  @Test
  void followsADrillToItsResultAndStatusListsIt() {
    try (TemporalConnection temporal = TemporalConnection.embedded("snapdrill-test")) {
      startDrill(temporal, new DrillFixtures(), "drill-logs-prod-1");

      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      DrillResult result = new DrillFollower(temporal.client(), new PrintStream(printed, true, StandardCharsets.UTF_8))
          .follow("drill-logs-prod-1");

      assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
      String terminal = printed.toString(StandardCharsets.UTF_8);
      for (Stage stage : Stage.DRILL) {
        // the drill's percentage shows when the stage passed while the follower polled its progress
        assertThat(terminal).containsPattern(stage.name() + " +(\\d+%  )?PASSED");
      }
      assertThat(DrillFollower.describe(result)).contains("PASSED", "report: r.md", "restore host cost (estimate): $0.001");

      List<DrillRow> rows = new DrillHistory(temporal.client()).list("logs-prod", Instant.now().minusSeconds(600));
      assertThat(rows).singleElement().satisfies(row -> {
        assertThat(row.workflowId()).isEqualTo("drill-logs-prod-1");
        assertThat(row.cluster()).isEqualTo("logs-prod");
        assertThat(row.snapshot()).isEqualTo("snapdrill-2026.11.20");
        assertThat(row.outcome()).isEqualTo("PASSED");
        assertThat(row.status()).isEqualTo("COMPLETED");
        assertThat(row.duration()).isNotNull();
      });
      assertThat(new DrillHistory(temporal.client()).list("billing", Instant.now().minusSeconds(600))).isEmpty();
    }
  }

  @Test
  void aRetryingStageSaysWhichAttemptWhyAndWhenNext() throws Exception {
    String unreachable = "cluster logs-prod unreachable (connection refused)";
    DrillFixtures fixtures = new DrillFixtures();
    // Two failed attempts, then the cluster answers: the drill spends ~6 s in the transient retry policy.
    when(fixtures.sourceCluster.takeSnapshot(any()))
        .thenThrow(new IllegalStateException(unreachable))
        .thenThrow(new IllegalStateException(unreachable))
        .thenReturn(DrillFixtures.snapshot());
    try (TemporalConnection temporal = TemporalConnection.embedded("snapdrill-test")) {
      startDrill(temporal, fixtures, "drill-logs-prod-retry");

      DrillRow retrying = awaitRetry(new DrillHistory(temporal.client()), Duration.ofSeconds(10));
      assertThat(retrying.retry().activity()).isEqualTo("TakeSnapshot");
      assertThat(retrying.retry().attempt()).isBetween(2, 3);
      assertThat(retrying.retry().maximumAttempts()).isEqualTo(10);
      assertThat(retrying.retry().lastFailure()).isEqualTo(unreachable);
      ByteArrayOutputStream status = new ByteArrayOutputStream();
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(status, true, StandardCharsets.UTF_8));
      try {
        StatusCommand.print(List.of(retrying), true);
        StatusCommand.print(List.of(retrying), false);
      } finally {
        System.setOut(stdout);
      }
      assertThat(status.toString(StandardCharsets.UTF_8))
          .containsPattern("\"retry\" : \\{\\s+\"activity\" : \"TakeSnapshot\",\\s+\"attempt\" : [23],"
              + "\\s+\"maximumAttempts\" : 10,\\s+\"lastFailure\" : \"cluster logs-prod unreachable \\(connection refused\\)\"")
          .containsPattern("TakeSnapshot: cluster logs-prod unreachable \\(connection refused\\), attempt [23] of 10");

      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      DrillResult result = new DrillFollower(temporal.client(), new PrintStream(printed, true, StandardCharsets.UTF_8))
          .follow("drill-logs-prod-retry");

      assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .containsPattern("TakeSnapshot retry +cluster logs-prod unreachable \\(connection refused\\), attempt 3 of 10"
              + "( running| waiting)");
    }
  }

  /**
   * A drill a snapshot event started that fails before SNAPSHOT could describe its snapshot: `status`
   * names the snapshot anyway, as the starter set it when it started the drill.
   */
  @Test
  void statusNamesTheSnapshotOfATriggeredDrillThatFailedAtSnapshot() {
    DrillFixtures fixtures = new DrillFixtures();
    when(fixtures.sourceCluster.describeSnapshot(any()))
        .thenThrow(FailureType.SNAPSHOT_FAILED.failure("snapshot Ab3dUuid is FAILED"));
    try (TemporalConnection temporal = TemporalConnection.embedded("snapdrill-trigger-status-test")) {
      Worker worker = temporal.factory().newWorker(temporal.taskQueue());
      worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      worker.registerActivitiesImplementations(fixtures.all());
      temporal.factory().start();
      SnapdrillConfig config = ConfigLoader.parse("snapdrill.yaml", OperationsConfigTest.CLUSTERS);
      DrillStarter.DrillStart start = new DrillStarter(config, temporal.taskQueue()).forSnapshotEvent("logs-prod", "Ab3dUuid");
      assertThat(start.startOn(temporal.client())).isTrue();
      assertThatThrownBy(() -> temporal.client().newUntypedWorkflowStub(start.workflowId()).getResult(DrillResult.class))
          .isInstanceOf(WorkflowFailedException.class);

      List<DrillRow> rows = new DrillHistory(temporal.client()).list("logs-prod", Instant.now().minusSeconds(600));
      assertThat(rows).singleElement().satisfies(row -> {
        assertThat(row.snapshot()).isEqualTo("Ab3dUuid");
        assertThat(row.outcome()).isEqualTo("FAILED");
      });
    }
  }

  /** A worker with {@code fixtures} for activities, and a new-snapshot drill of logs-prod on it. */
  private static void startDrill(TemporalConnection temporal, DrillFixtures fixtures, String workflowId) {
    Worker worker = temporal.factory().newWorker(temporal.taskQueue());
    worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class, RestoreAThonWorkflowImpl.class);
    worker.registerActivitiesImplementations(fixtures.all());
    temporal.factory().start();
    DrillWorkflow drill = temporal.client().newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(temporal.taskQueue())
            .setTypedSearchAttributes(SearchAttributes.newBuilder().set(DrillSearchAttributes.CLUSTER, "logs-prod").build())
            .build());
    WorkflowClient.start(drill::run, DrillRequest.newSnapshot("logs-prod"));
  }

  /** The drill's row once `status` sees its retry (the first attempt fails at once). */
  private static DrillRow awaitRetry(DrillHistory history, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<DrillRow> rows = history.list("logs-prod", Instant.now().minusSeconds(600));
      if (!rows.isEmpty() && rows.get(0).retry() != null) {
        return rows.get(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("status never showed the drill's retry");
  }

  @Test
  void aFailedDrillIsDescribedWithWhatToDo() {
    DrillResult failed = new DrillResult("drill-logs-prod-2", "logs-prod", DrillOutcome.FAILED, FailureType.REPLICA_INCOMPLETE,
        "s3://logs-dr/prod/logs/index-7 is missing", null, List.of(), null, null, null, null, null, null, null, null, null, null, null, null,
        List.of(), null, null, null, List.of(), null);

    assertThat(DrillFollower.describe(failed)).contains("(REPLICA_INCOMPLETE)\n  s3://logs-dr/prod/logs/index-7 is missing\n"
        + "  what to do: " + RunbookHints.forType(FailureType.REPLICA_INCOMPLETE)).doesNotContain("host cost");
  }
}

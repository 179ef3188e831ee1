package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;


import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.temporal.LoopbackTemporalService;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.snapdrill.workflows.DrillFixtures;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trigger, schedules, report and worker options as a user meets them on the command line. */
class OperationsCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @TempDir Path dir;

  @BeforeEach
  void captureOutput() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private Path config() throws Exception {
    Path config = dir.resolve("snapdrill.yaml");
    Files.writeString(config, """
        clusters:
          - name: logs-prod
            product: elasticsearch
            endpoint: http://127.0.0.1:9200
            repository: backups
            storage:
              primary: {bucket: logs-snapshots, prefix: "prod/es repo", region: us-east-1}
              replica: {bucket: logs-snapshots-dr, prefix: "prod/es repo", region: us-west-2}
        triggers:
          deadLetterDirectory: %s
        """.formatted(dir.resolve("dead-letters")));
    return config;
  }

  private Path event(String name) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/events/" + name)) {
      return Files.write(dir.resolve(name), in.readAllBytes());
    }
  }

  @Test
  void helpListsTheOperationsCommands() {
    assertThat(SnapdrillCommand.execute("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("trigger", "trigger-consumer", "schedules", "report");
    assertThat(SnapdrillCommand.execute("worker", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--metrics-port", "--metrics-host", "--trigger-queue");
    assertThat(SnapdrillCommand.execute("schedules", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("apply", "list", "pause", "unpause", "trigger-now");
  }

  @Test
  void anEventOfAnUnknownRepositoryIsDeadLetteredAndExitsTwo() throws Exception {
    assertThat(SnapdrillCommand.execute("trigger", "--config", config().toString(),
        "--event-file", event("s3-unknown-bucket.json").toString())).isEqualTo(ExitCode.BAD_INPUT);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("dead-lettered", "someone-elses-bucket")
        .doesNotContain("Exception");
    try (Stream<Path> letters = Files.list(dir.resolve("dead-letters"))) {
      assertThat(letters).singleElement().satisfies(f -> assertThat(Files.readString(f)).contains("unknown repository"));
    }
  }

  @Test
  void aTestEventStartsNothingAndExitsZero() throws Exception {
    assertThat(SnapdrillCommand.execute("trigger", "--config", config().toString(),
        "--event-file", event("s3-test-event.json").toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ignored: s3:TestEvent");
    assertThat(dir.resolve("dead-letters")).doesNotExist();
  }

  @Test
  void missingEventFileAndSchedulesWithoutAClusterAreBadInput() throws Exception {
    assertThat(SnapdrillCommand.execute("trigger", "--config", config().toString(),
        "--event-file", dir.resolve("nope.json").toString())).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--event-file: ").contains("does not exist");

    assertThat(SnapdrillCommand.execute("schedules", "apply", "--config", config().toString())).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--temporal-address: required; schedules live in a Temporal cluster");

    assertThat(SnapdrillCommand.execute("report", "drill-x", "--format", "pdf")).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--format: 'pdf' is not markdown, json or html");
  }

  @Test
  void aRetriedHealDecisionGetsTheFirstAnswerAndTheReportNamesTheClient() throws Exception {
    try (LoopbackTemporalService service = LoopbackTemporalService.start(0);
        TemporalConnection worker = TemporalConnection.open(TemporalOptions.at(service.address()))) {
      DrillFixtures fx = new DrillFixtures();
      when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker(), DrillFixtures.cleanAudit());
      worker.factory().newWorker(worker.taskQueue()).registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      worker.factory().getWorker(worker.taskQueue()).registerActivitiesImplementations(fx.all());
      worker.factory().start();
      DrillWorkflow drill = worker.client().newWorkflowStub(DrillWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId("drill-logs-prod-ask").setTaskQueue(worker.taskQueue()).build());
      WorkflowClient.start(drill::run, new DrillRequest("logs-prod", null, HealPolicy.ASK, null));
      await().atMost(Duration.ofSeconds(30)).until(() -> drill.progress().awaitingHealDecision());

      String[] approve = {"approve-heal", "drill-logs-prod-ask", "--operator", "alice", "--reason", "INC-42",
          "--temporal-address", service.address()};
      assertThat(SnapdrillCommand.execute(approve)).isZero();
      // Retried (say its answer was lost on the way): the same answer, not a second decision the drill refuses.
      assertThat(SnapdrillCommand.execute(approve)).as(err.toString(StandardCharsets.UTF_8)).isZero();

      assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.equals("approved: removing 1 delete marker(s) (alice)")))
          .hasSize(2);
      // A denial after it is a second decision: refused, naming who decided.
      assertThat(SnapdrillCommand.execute("deny-heal", "drill-logs-prod-ask", "--operator", "bob",
          "--temporal-address", service.address())).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("refused the decision: the heal decision was already decided: alice approved healing");
      DrillResult result = WorkflowStub.fromTyped(drill).getResult(DrillResult.class);
      assertThat(result.heal().approvedBy()).isEqualTo("alice");
      // The SDK's default client identity: process id and host name of the command that approved.
      assertThat(result.heal().approverIdentity()).matches("\\d+@.+");
    }
  }

  /** One drill per snapshot holds for `drill --snapshot` too: a drill of it, found by name or UUID, is followed. */
  @Test
  void drillingASnapshotADrillAlreadyCoversFollowsThatDrillUnlessAskedAgain() throws Exception {
    try (LoopbackTemporalService service = LoopbackTemporalService.start(0);
        TemporalConnection worker = TemporalConnection.open(TemporalOptions.at(service.address()))) {
      DrillFixtures fx = new DrillFixtures();
      worker.factory().newWorker(worker.taskQueue()).registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      worker.factory().getWorker(worker.taskQueue()).registerActivitiesImplementations(fx.all());
      worker.factory().start();
      String snapshotName = DrillFixtures.snapshot().snapshot().name();
      String snapshotUuid = DrillFixtures.snapshot().snapshot().uuid();

      assertThat(SnapdrillCommand.execute("drill", "--config", config().toString(), "--snapshot", snapshotName,
          "--temporal-address", service.address())).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(SnapdrillCommand.execute("drill", "--config", config().toString(), "--snapshot", snapshotUuid,
          "--temporal-address", service.address())).isZero();

      assertThat(out.toString(StandardCharsets.UTF_8)).contains("snapshot " + snapshotUuid + " of cluster logs-prod is drilled by "
          + "drill-logs-prod-" + snapshotName + " (completed); following it (--again for a new drill)");
      verify(fx.sourceCluster, times(1)).describeSnapshot(any());

      assertThat(SnapdrillCommand.execute("drill", "--config", config().toString(), "--snapshot", snapshotUuid, "--again",
          "--temporal-address", service.address())).isZero();
      verify(fx.sourceCluster, times(2)).describeSnapshot(any());
    }
  }
}

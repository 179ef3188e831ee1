package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.snapdrill.activities.report.ReportFormats;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.Stage;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.workflows.DrillFixtures;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.Worker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code snapdrill report} reads the report back from Temporal: from the result, or from a failure's details. */
class ReportCommandTest {

  @Test
  void printsThePassedAndTheFailedDrillsReportFromTemporal() throws Exception {
    DrillFixtures fixtures = new DrillFixtures();
    when(fixtures.restoreCluster.verifyRestore(any())).thenReturn(DrillFixtures.failingVerification());
    try (TemporalConnection temporal = TemporalConnection.embedded("snapdrill-report-test")) {
      Worker worker = temporal.factory().newWorker(temporal.taskQueue());
      worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      worker.registerActivitiesImplementations(fixtures.all());
      temporal.factory().start();
      run(temporal, "drill-logs-prod-failing");

      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      ReportCommand report = new ReportCommand();
      report.out = new PrintStream(printed, true, StandardCharsets.UTF_8);

      assertThat(report.print(temporal.client(), "drill-logs-prod-failing", ReportFormats.MARKDOWN)).isEqualTo(ExitCode.FAILED);
      String markdown = printed.toString(StandardCharsets.UTF_8);
      assertThat(markdown).contains("# Restore drill drill-logs-prod-failing", "VERIFICATION_FAILED", "**What to do:**");
      for (Stage stage : Stage.DRILL) {
        assertThat(markdown).contains("| " + stage + " |");
      }

      when(fixtures.restoreCluster.verifyRestore(any())).thenReturn(DrillFixtures.passingVerification());
      run(temporal, "drill-logs-prod-passing");
      printed.reset();
      assertThat(report.print(temporal.client(), "drill-logs-prod-passing", ReportFormats.HTML)).isEqualTo(ExitCode.PASSED);
      assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>").contains("data-stage=\"VERIFY\"");

      assertThatThrownBy(() -> report.print(temporal.client(), "drill-nope", ReportFormats.JSON))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no workflow drill-nope");
    }
  }

  private static void run(TemporalConnection temporal, String id) {
    DrillWorkflow drill = temporal.client().newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(temporal.taskQueue()).build());
    WorkflowClient.start(drill::run, DrillRequest.newSnapshot(DrillFixtures.CLUSTER));
    try {
      WorkflowStub.fromTyped(drill).getResult(Object.class);
    } catch (RuntimeException failedDrill) {
      // the report command reads it back
    }
  }
}

package io.snapdrill.worker;

import io.snapdrill.activities.report.ReportFormats;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.RestoreAThonResult;
import io.snapdrill.worker.cli.DrillFollower;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.snapdrill.workflows.DrillWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {
        "Print the report of a drill or restore-a-thon from its workflow result (a failed drill carries"
            + " its result in the failure's details); for a running drill, its progress so far.",
        "Exit code 0 when it passed (or is still running), 1 when it failed, 2 when no such workflow exists."})
public class ReportCommand implements Callable<Integer> {
  @Mixin TemporalOptions temporal;

  @Parameters(paramLabel = "WORKFLOW-ID", description = "e.g. drill-logs-prod-Xh3vQ9dTQ2aW1x_yZ-7a1g")
  String workflowId;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown",
      description = "markdown (default), json or html.")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to this file instead of standard output.")
  Path output;

  PrintStream out = System.out;

  @Override
  public Integer call() throws IOException {
    ReportFormats fmt = ReportFormats.parse(format);
    try (TemporalConnection connection = TemporalConnection.open(temporal)) {
      return print(connection.client(), workflowId, fmt);
    }
  }

  int print(WorkflowClient client, String id, ReportFormats fmt) throws IOException {
    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    WorkflowExecutionDescription description;
    try {
      description = stub.describe();
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("NOT_FOUND") || e.getClass().getSimpleName().contains("NotFound")) {
        throw new IllegalArgumentException("WORKFLOW-ID: no workflow " + id + " in namespace " + client.getOptions().getNamespace()
            + " (`snapdrill status` lists drills)");
      }
      throw e;
    }
    String type = description.getWorkflowType();
    WorkflowExecutionStatus status = description.getRawDescription().getWorkflowExecutionInfo().getStatus();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return running(client, id, type);
    }
    if ("RestoreAThonWorkflow".equals(type)) {
      RestoreAThonResult result = stub.getResult(RestoreAThonResult.class);
      emit(restoreAThonReport(result, fmt));
      return result.failed() == 0 ? ExitCode.PASSED : ExitCode.FAILED;
    }
    DrillResult result;
    try {
      result = stub.getResult(DrillResult.class);
    } catch (WorkflowFailedException e) {
      result = DrillFollower.failedResult(e);
      if (result == null) {
        out.println("workflow " + id + " ended " + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase()
            + " without a drill report: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        return ExitCode.FAILED;
      }
    }
    emit(fmt.render(result));
    return result.outcome() == DrillOutcome.PASSED ? ExitCode.PASSED : ExitCode.FAILED;
  }

  private int running(WorkflowClient client, String id, String type) {
    if (!"DrillWorkflow".equals(type)) {
      out.println(type + " " + id + " is still running; its report is written when it ends.");
      return ExitCode.PASSED;
    }
    DrillProgress progress = client.newWorkflowStub(DrillWorkflow.class, id).progress();
    out.println("drill " + id + " of cluster " + progress.cluster() + " is still running, at stage " + progress.currentStage()
        + "; the full report is written when it ends.");
    progress.stages().forEach(s -> out.printf("  %-20s %-8s %s%n", s.stage(), s.status(), s.detail() == null ? "" : s.detail()));
    return ExitCode.PASSED;
  }

  /**
   * The report the restore-a-thon wrote (its result holds only counts and where the report is): read from
   * this machine when it was written here, else where to find it.
   */
  private static String restoreAThonReport(RestoreAThonResult result, ReportFormats fmt) throws IOException {
    String written = result.report() == null ? null : switch (fmt) {
      case MARKDOWN -> result.report().markdown();
      case JSON -> result.report().json();
      case HTML -> result.report().html();
    };
    if (written != null && !written.startsWith("s3://") && Files.isReadable(Path.of(written))) {
      return Files.readString(Path.of(written));
    }
    return "Restore-a-thon " + result.restoreAThonId() + ": " + result.passed() + " of " + result.clusters()
        + " clusters restored and verified; "
        + (written != null ? "report: " + written : "its report could not be written (see the worker's log)") + "\n";
  }

  private void emit(String report) throws IOException {
    if (output != null) {
      Files.writeString(output, report);
      out.println("report written to " + output);
    } else {
      out.print(report);
      out.flush();
    }
  }
}

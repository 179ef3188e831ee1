package io.snapdrill.worker;

import io.snapdrill.model.HealDecision;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.snapdrill.workflows.DrillWorkflow;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Answers a drill waiting with heal policy ASK. */
public abstract class HealDecisionCommand implements Callable<Integer> {
  @Mixin TemporalOptions temporal;

  @Parameters(index = "0", paramLabel = "WORKFLOW-ID", description = "The waiting drill.")
  String workflowId;

  @Option(names = "--operator", required = true, paramLabel = "NAME", description = "Who decides (recorded in the report, beside this client's Temporal identity).")
  String operator;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (a ticket, a change number).")
  String reason;

  abstract boolean approve();

  @Override
  public Integer call() {
    if (temporal.embedded()) {
      throw new IllegalArgumentException("--temporal-address: required; a drill on the embedded service is"
          + " answered from the terminal that runs it (or use --temporal-address of the shared cluster)");
    }
    try (TemporalConnection connection = TemporalConnection.open(temporal)) {
      WorkflowClient client = connection.client();
      // The client identity goes beside the self-declared name; the fixed update id makes a retry idempotent.
      HealDecision decision = new HealDecision(approve(), operator, reason, client.getOptions().getIdentity());
      UpdateOptions<String> update = UpdateOptions.newBuilder(String.class)
          .setUpdateName(DrillWorkflow.DECIDE_HEAL)
          .setUpdateId(DrillWorkflow.healDecisionUpdateId(approve()))
          .setWaitForStage(WorkflowUpdateStage.COMPLETED)
          .build();
      System.out.println(client.newUntypedWorkflowStub(workflowId).startUpdate(update, decision).getResult());
      return ExitCode.PASSED;
    } catch (WorkflowUpdateException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String why = cause instanceof ApplicationFailure refusal ? refusal.getOriginalMessage() : cause.getMessage();
      System.err.println("snapdrill: drill " + workflowId + " refused the decision: " + why);
      return ExitCode.BAD_INPUT;
    }
  }

  @Command(name = "approve-heal", mixinStandardHelpOptions = true,
      description = "Approve removing the delete markers a drill found (heal policy ask).")
  public static class Approve extends HealDecisionCommand {
    @Override
    boolean approve() {
      return true;
    }
  }

  @Command(name = "deny-heal", mixinStandardHelpOptions = true,
      description = "Refuse removing the delete markers; the drill fails with DELETE_MARKER_HIDES_BLOB.")
  public static class Deny extends HealDecisionCommand {
    @Override
    boolean approve() {
      return false;
    }
  }
}

package io.snapdrill.temporal;

import io.temporal.api.command.v1.Command;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The payloads a real server measures in a workflow task completion, each with the cause and message it
 * terminates the workflow with when one is over the limit (temporalio/temporal
 * {@code service/history/api/respondworkflowtaskcompleted/workflow_task_completed_handler.go}; the odd cause
 * of an oversize workflow result and the stray spaces in two messages are the server's own).
 */
final class CommandPayloads {
  private CommandPayloads() {}

  /** The first payload over the error limit; every one over the warning limit is logged. */
  static Optional<Oversize> firstOversize(RespondWorkflowTaskCompletedRequest completion, BlobSizeCheck check,
      String workflowId) {
    for (Message message : completion.getMessagesList()) {
      String type = message.getBody().getTypeUrl().substring(message.getBody().getTypeUrl().lastIndexOf('/') + 1);
      if (check.exceeds(message.getBody().getSerializedSize(), workflowId, type)) {
        return Optional.of(new Oversize(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
            "Message type " + type + " exceeds size limit."));
      }
    }
    for (Command command : completion.getCommandsList()) {
      Optional<Oversize> oversize = measured(command)
          .filter(m -> check.exceeds(m.size(), workflowId, GoEnumNames.of(command.getCommandType())))
          .map(Measured::oversize);
      if (oversize.isPresent()) {
        return oversize;
      }
    }
    return Optional.empty();
  }

  private static Optional<Measured> measured(Command command) {
    return switch (command.getCommandType()) {
      case COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK -> measured(
          command.getScheduleActivityTaskCommandAttributes().getInput().getSerializedSize(),
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
          "ScheduleActivityTaskCommandAttributes.Input exceeds size limit.");
      case COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION -> measured(
          command.getCompleteWorkflowExecutionCommandAttributes().getResult().getSerializedSize(),
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
          "CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit.");
      case COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION -> measured(
          command.getFailWorkflowExecutionCommandAttributes().getFailure().getSerializedSize(),
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES,
          "FailWorkflowExecutionCommandAttributes.Failure exceeds size limit.");
      case COMMAND_TYPE_RECORD_MARKER -> measured(
          mapSize(command.getRecordMarkerCommandAttributes().getDetailsMap()),
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES,
          "RecordMarkerCommandAttributes.Details exceeds size limit.");
      case COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION -> measured(
          command.getContinueAsNewWorkflowExecutionCommandAttributes().getInput().getSerializedSize(),
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES,
          "ContinueAsNewWorkflowExecutionCommandAttributes. Input exceeds size limit.");
      case COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION -> measured(
          command.getStartChildWorkflowExecutionCommandAttributes().getInput().getSerializedSize(),
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES,
          "StartChildWorkflowExecutionCommandAttributes. Input exceeds size limit.");
      case COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION -> measured(
          command.getSignalExternalWorkflowExecutionCommandAttributes().getInput().getSerializedSize(),
          WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
          "SignalExternalWorkflowExecutionCommandAttributes.Input exceeds size limit.");
      default -> Optional.empty();
    };
  }

  private static Optional<Measured> measured(int size, WorkflowTaskFailedCause cause, String message) {
    return Optional.of(new Measured(size, new Oversize(cause, message)));
  }

  /** As the server's {@code common.GetPayloadsMapSize}: each key's length plus its payloads. */
  private static int mapSize(Map<String, Payloads> details) {
    return details.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().getSerializedSize()).sum();
  }

  private record Measured(int size, Oversize oversize) {}

  /**
   * @param detail which payload, as the server names it
   */
  record Oversize(WorkflowTaskFailedCause cause, String detail) {
    /**
     * What the server says in the task failure, the termination reason and the error to the worker: the
     * cause as its Go enum prints it, then the detail.
     */
    String message() {
      return GoEnumNames.of(cause) + ": " + detail;
    }
  }
}

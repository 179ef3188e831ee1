package io.snapdrill.activities.host;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;

/**
 * DescribeWorkflowExecution without a run id: the latest run, so a drill that continued as new still
 * counts as running. NOT_FOUND means the history is past retention, i.e. the workflow closed long ago.
 */
public final class TemporalWorkflowStatusLookup implements WorkflowStatusLookup {
  private final WorkflowServiceStubs service;
  private final String namespace;

  public TemporalWorkflowStatusLookup(WorkflowServiceStubs service, String namespace) {
    this.service = service;
    this.namespace = namespace;
  }

  @Override
  public boolean isRunning(String workflowId) {
    try {
      WorkflowExecutionStatus status = service.blockingStub()
          .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(namespace)
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
              .build())
          .getWorkflowExecutionInfo()
          .getStatus();
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}

package io.snapdrill.workflows;

import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.model.RestoreAThonResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The quarterly restore-a-thon: one child drill per cluster with bounded concurrency. A failing
 * cluster does not stop the others; the result holds every cluster's drill result.
 */
@WorkflowInterface
public interface RestoreAThonWorkflow {

  @WorkflowMethod
  RestoreAThonResult run(RestoreAThonRequest request);
}

package io.snapdrill.workflows;

import io.snapdrill.model.JanitorReport;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs on a schedule: terminates every restore host whose TTL passed or whose owning workflow is
 * closed, so a drill that died without its teardown never leaves a host running for long.
 */
@WorkflowInterface
public interface JanitorWorkflow {

  /** Workflow id the schedule uses: one janitor at a time. */
  String WORKFLOW_ID = "snapdrill-janitor";

  @WorkflowMethod
  JanitorReport run();
}

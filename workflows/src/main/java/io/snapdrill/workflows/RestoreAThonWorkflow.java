package io.snapdrill.workflows;

import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.RestoreAThonProgress;
import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.model.RestoreAThonResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The quarterly restore-a-thon: one child drill per cluster. It bounds restore hosts (a drill asks for a
 * slot before PROVISION_HOST and gives it back after TEARDOWN), not drills, so every cluster's cheap stages
 * run early; it continues as new every few hundred drills and keeps only a summary of each. A failing
 * cluster does not stop the others.
 */
@WorkflowInterface
public interface RestoreAThonWorkflow {

  @WorkflowMethod
  RestoreAThonResult run(RestoreAThonRequest request);

  @QueryMethod
  RestoreAThonProgress progress();

  /** From a drill before PROVISION_HOST; answered by {@link DrillWorkflow#hostSlotGranted()}. */
  @SignalMethod
  void hostSlotRequested(String drillId);

  /** From a drill after TEARDOWN (or when it ends waiting): its slot, or its place in the queue, is free. */
  @SignalMethod
  void hostSlotReleased(String drillId);

  /** From a drill as it ends, whatever its outcome: its summary; also releases anything it held. */
  @SignalMethod
  void drillFinished(DrillSummary summary);
}

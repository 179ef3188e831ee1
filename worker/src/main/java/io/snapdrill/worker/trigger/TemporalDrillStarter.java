package io.snapdrill.worker.trigger;

import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.snapdrill.workflows.DrillWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;

/**
 * Starts {@code drill-<cluster>-<uuid>} for an existing snapshot. REJECT_DUPLICATE: an event
 * delivered twice, replayed from a dead-letter queue or re-sent by S3 never starts a second drill
 * of the same snapshot, even after the first one closed; an operator re-runs a failed one with
 * {@code snapdrill drill --snapshot}.
 */
public final class TemporalDrillStarter implements DrillStarter {
  private final WorkflowClient client;
  private final String taskQueue;
  private final SnapdrillConfig config;

  public TemporalDrillStarter(WorkflowClient client, String taskQueue, SnapdrillConfig config) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.config = config;
  }

  @Override
  public Started start(SnapshotRoute route) {
    DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(DrillWorkflow.idFor(route.cluster(), route.snapshotUuid()))
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(SearchAttributes.newBuilder()
                .set(DrillSearchAttributes.CLUSTER, route.cluster()).build())
            .build());
    DrillRequest request = new DrillRequest(route.cluster(), route.snapshotUuid(), config.drill().heal(),
        config.drill().settings());
    try {
      WorkflowClient.start(drill::run, request);
      return Started.NEW;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return Started.ALREADY_STARTED;
    }
  }
}

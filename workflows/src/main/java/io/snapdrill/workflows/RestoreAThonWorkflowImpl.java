package io.snapdrill.workflows;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HostCost;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.model.RestoreAThonResult;
import io.snapdrill.workflows.activities.ReportActivities;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

public class RestoreAThonWorkflowImpl implements RestoreAThonWorkflow {
  private static final Logger log = Workflow.getLogger(RestoreAThonWorkflowImpl.class);

  private final ReportActivities reports = ActivityStubs.reports();

  private int running;

  @Override
  public RestoreAThonResult run(RestoreAThonRequest request) {
    String id = Workflow.getInfo().getWorkflowId();
    int limit = Math.max(1, request.maxConcurrentDrills());
    DrillResult[] results = new DrillResult[request.drills().size()];
    List<Promise<Void>> finished = new ArrayList<>();

    for (int i = 0; i < request.drills().size(); i++) {
      DrillRequest drill = request.drills().get(i);
      // Bounded concurrency: each drill holds a paid restore host while it runs.
      Workflow.await(() -> running < limit);
      running++;
      DrillWorkflow child =
          Workflow.newChildWorkflowStub(
              DrillWorkflow.class,
              ChildWorkflowOptions.newBuilder()
                  .setWorkflowId(id + "-" + drill.cluster())
                  // A canceled restore-a-thon cancels its drills, which then tear their hosts down.
                  .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                  .build());
      int slot = i;
      finished.add(
          Async.function(child::run, drill)
              .handle(
                  (result, failure) -> {
                    running--;
                    results[slot] = result != null ? result : failedDrill(id, drill, failure);
                    return null;
                  }));
    }
    Promise.allOf(finished).get();

    List<DrillResult> drills = List.of(results);
    int passed = (int) drills.stream().filter(r -> r.outcome() == DrillOutcome.PASSED).count();
    Double hostCost = HostCost.sumUsd(drills.stream().map(DrillResult::hostCostUsd).toList());
    RestoreAThonResult result = new RestoreAThonResult(id, drills, passed, drills.size() - passed, hostCost, null);
    try {
      ReportLocation location = reports.writeRestoreAThonReport(result);
      return result.withReport(location);
    } catch (ActivityFailure e) {
      log.error("restore-a-thon report could not be written", e);
      return result;
    }
  }

  /** A failed drill carries its result in the failure's details; a drill that died early may not. */
  private static DrillResult failedDrill(String id, DrillRequest drill, RuntimeException failure) {
    Throwable cause = failure instanceof ChildWorkflowFailure ? failure.getCause() : failure;
    if (cause instanceof ApplicationFailure af && af.getDetails().getSize() > 0) {
      DrillResult carried = af.getDetails().get(DrillResult.class);
      if (carried != null) {
        return carried;
      }
    }
    String drillId = id + "-" + drill.cluster();
    String message = cause instanceof ApplicationFailure af ? FailureType.withoutHint(af.getOriginalMessage())
        : cause instanceof WorkflowExecutionAlreadyStarted ? OnCallTexts.drillAlreadyRunning(drillId)
        : cause != null ? cause.getMessage() : String.valueOf(failure);
    FailureType type = cause instanceof ApplicationFailure af ? FailureType.fromName(af.getType()) : null;
    return DrillResult.failedEarly(drillId, drill.cluster(),
        type != null ? type : FailureType.STAGE_ERROR, message);
  }
}

package io.snapdrill.workflows;

import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.FailoverRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A failover restore: a snapshot of a source cluster, restored from its replica repository onto a
 * configured standing cluster. SNAPSHOT (described), CONFIRM_REPLICATION, REGISTER_REPOSITORY,
 * CHECK_CONFLICTS, RESTORE, VERIFY, then always REPORT. It fails as a drill fails (typed, with the
 * {@link DrillResult} as details); a cancel stops the restore and its progress then says what was left.
 */
@WorkflowInterface
public interface FailoverRestoreWorkflow {

  @WorkflowMethod
  DrillResult run(FailoverRequest request);

  /** The same query, by name and shape, as {@link DrillWorkflow#progress}: one follower serves both. */
  @QueryMethod
  DrillProgress progress();

  String ID_PREFIX = "failover-";

  /** Workflow id prefix: {@code failover-<source>-to-<target>-...}. */
  static String idPrefix(String source, String target) {
    return ID_PREFIX + source + "-to-" + target;
  }

  /** Whether a workflow id (a report's {@code drillId}) is a failover restore's, as the starter names them. */
  static boolean isFailover(String workflowId) {
    return workflowId != null && workflowId.startsWith(ID_PREFIX);
  }
}

package io.snapdrill.workflows;

import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Takes over a restore host the drill could not tear down within its inline budget, and keeps trying
 * for days (a grant fixed meanwhile, an EC2 outage ended), so the drill itself can end with its report.
 * Started by the drill with ParentClosePolicy ABANDON; one per host key.
 */
@WorkflowInterface
public interface HostTeardownWorkflow {

  /** The workflow id for a host key: a second hand-off of the same host finds the first. */
  static String workflowId(String hostKey) {
    return "teardown-" + hostKey;
  }

  /** Ends when the host is confirmed gone; fails with TEARDOWN_INCOMPLETE when it gave up. */
  @WorkflowMethod
  TeardownReport run(TeardownRequest request);
}

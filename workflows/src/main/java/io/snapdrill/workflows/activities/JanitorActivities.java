package io.snapdrill.workflows.activities;

import io.snapdrill.model.HostTermination;
import io.snapdrill.model.RestoreHostRecord;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The janitor's view of the restore hosts and of Temporal; the janitor workflow decides what to terminate. */
@ActivityInterface
public interface JanitorActivities {

  /** Every restore host carrying Snapdrill tags that is not terminated (pending, running, stopping, stopped). */
  List<RestoreHostRecord> findRestoreHosts();

  /**
   * The ids among {@code workflowIds} whose workflow is not running: closed, or unknown to Temporal
   * (its history is past retention, so it closed long ago).
   */
  List<String> closedWorkflows(List<String> workflowIds);

  /** Terminates the hosts (and cancels their spot requests) without waiting; one failure does not stop the others. */
  List<HostTermination> terminateHosts(List<String> hostIds);
}

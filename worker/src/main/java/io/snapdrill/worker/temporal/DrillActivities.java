package io.snapdrill.worker.temporal;

import io.snapdrill.workflows.activities.FailoverTargetActivities;
import io.snapdrill.workflows.activities.JanitorActivities;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.snapdrill.workflows.activities.ReportActivities;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The activity implementations one worker registers, one per activity interface, so a caller (local
 * mode) can wrap one of them by name.
 *
 * @param janitor null when the restore hosts are local: there are no instances to judge
 * @param failoverTarget the failover restore's calls to a standing target cluster
 */
public record DrillActivities(
    SourceClusterActivities sourceCluster,
    RestoreClusterActivities restoreCluster,
    ReplicationActivities replication,
    StorageAuditActivities storageAudit,
    RestoreHostActivities restoreHost,
    ReportActivities reports,
    JanitorActivities janitor,
    FailoverTargetActivities failoverTarget) {

  public DrillActivities withSourceCluster(SourceClusterActivities replacement) {
    return new DrillActivities(replacement, restoreCluster, replication, storageAudit, restoreHost, reports, janitor, failoverTarget);
  }

  public DrillActivities withRestoreCluster(RestoreClusterActivities replacement) {
    return new DrillActivities(sourceCluster, replacement, replication, storageAudit, restoreHost, reports, janitor, failoverTarget);
  }

  /** For {@code Worker.registerActivitiesImplementations}. */
  public Object[] toArray() {
    return Stream.of(sourceCluster, restoreCluster, replication, storageAudit, restoreHost, reports, janitor, failoverTarget)
        .filter(Objects::nonNull).toArray();
  }
}

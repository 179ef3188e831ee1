package io.snapdrill.worker.local;

import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import java.util.function.Function;

/**
 * The real source cluster activities, followed by the repository-s3 plugin stand-in's upload of the
 * cluster's repository: with the plugin a completed snapshot is already in the bucket.
 */
final class UploadingSourceCluster implements SourceClusterActivities {
  private final SourceClusterActivities cluster;
  private final Function<String, RepositoryUpload> uploadOf;

  UploadingSourceCluster(SourceClusterActivities cluster, Function<String, RepositoryUpload> uploadOf) {
    this.cluster = cluster;
    this.uploadOf = uploadOf;
  }

  @Override
  public SnapshotResult takeSnapshot(SnapshotRequest request) {
    SnapshotResult result = cluster.takeSnapshot(request);
    uploadOf.apply(request.cluster()).sync();
    return result;
  }

  @Override
  public SnapshotResult describeSnapshot(SnapshotRequest request) {
    return cluster.describeSnapshot(request);
  }
}

package io.snapdrill.worker.local;

import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.workflows.activities.SourceClusterActivities;

/**
 * The real source cluster activities, followed by the repository-s3 plugin stand-in's upload: with the
 * plugin a completed snapshot is already in the bucket.
 */
final class UploadingSourceCluster implements SourceClusterActivities {
  private final SourceClusterActivities cluster;
  private final RepositoryUpload upload;

  UploadingSourceCluster(SourceClusterActivities cluster, RepositoryUpload upload) {
    this.cluster = cluster;
    this.upload = upload;
  }

  @Override
  public SnapshotResult takeSnapshot(SnapshotRequest request) {
    SnapshotResult result = cluster.takeSnapshot(request);
    upload.sync();
    return result;
  }

  @Override
  public SnapshotResult describeSnapshot(SnapshotRequest request) {
    return cluster.describeSnapshot(request);
  }
}

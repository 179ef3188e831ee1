package io.snapdrill.workflows.activities;

import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.SnapshotResult;
import io.temporal.activity.ActivityInterface;

/** The cluster whose data is backed up (SNAPSHOT). */
@ActivityInterface
public interface SourceClusterActivities {

  /**
   * Starts a snapshot without holding a request open, polls it to completion with heartbeats (details:
   * shards done and total) and records the expectations VERIFY uses. A retry resumes polling the
   * snapshot named in the last heartbeat. Fails with SNAPSHOT_FAILED or SNAPSHOT_PARTIAL.
   */
  SnapshotResult takeSnapshot(SnapshotRequest request);

  /** Looks up an existing snapshot (by name or UUID) and records expectations for it. */
  SnapshotResult describeSnapshot(SnapshotRequest request);
}

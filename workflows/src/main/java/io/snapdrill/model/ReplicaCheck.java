package io.snapdrill.model;

import java.util.List;

/**
 * One comparison of the replica repository with what the snapshot needs.
 *
 * @param requiredBlobs how many blobs a restore of the snapshot reads
 * @param requiredBytes their total size
 * @param problems every required blob the replica lacks or holds wrongly; empty when complete
 * @param batchReplicationJobId an S3 Batch Replication job started for never-replicated objects, or null
 */
public record ReplicaCheck(
    String replicaBucket,
    int requiredBlobs,
    long requiredBytes,
    List<BlobProblem> problems,
    String batchReplicationJobId) {

  public boolean complete() {
    return problems == null || problems.isEmpty();
  }

  /**
   * Replication never removes a delete marker, so waiting cannot fix these: AUDIT_STORAGE deals with
   * them (and can heal them).
   */
  public boolean onlyDeleteMarkersRemain() {
    return !complete()
        && problems.stream().allMatch(p -> p.kind() == BlobProblemKind.HIDDEN_BY_DELETE_MARKER);
  }
}

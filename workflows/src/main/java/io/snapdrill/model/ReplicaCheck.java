package io.snapdrill.model;

import java.util.List;

/**
 * One comparison of the replica repository with what the snapshot needs. The drill records one per
 * check of its wait for replication (every few minutes for hours), so each stays small whatever the
 * repository: at most {@link #LISTED} problems as examples, the counts, and the full list in the report
 * store.
 *
 * @param requiredBlobs how many blobs a restore of the snapshot reads
 * @param requiredBytes their total size
 * @param problems the first {@link #LISTED} required blobs the replica lacks or holds wrongly (every one
 *     in checks recorded before the bound); empty when complete
 * @param batchReplicationJobId an S3 Batch Replication job started for never-replicated objects, or null
 * @param problemCount how many problems there are in all; null in checks recorded before it was counted
 *     (then {@code problems} lists them all)
 * @param hiddenByDeleteMarkerCount how many of them are {@link BlobProblemKind#HIDDEN_BY_DELETE_MARKER}; null
 *     as above
 * @param problemEvidence every problem, in the report store, when not all are listed; else null
 */
public record ReplicaCheck(
    String replicaBucket,
    int requiredBlobs,
    long requiredBytes,
    List<BlobProblem> problems,
    String batchReplicationJobId,
    Integer problemCount,
    Integer hiddenByDeleteMarkerCount,
    StoredEvidence problemEvidence) {

  /**
   * Problems a check names; the rest are counted and stored. 20,000 missing blobs listed would be about
   * 3 MB, over Temporal's 2 MB payload limit, in every check of the wait.
   */
  public static final int LISTED = 20;

  public ReplicaCheck {
    problems = problems == null ? List.of() : problems;
  }

  /** A check of every problem, before it is bounded for the payload. */
  public ReplicaCheck(String replicaBucket, int requiredBlobs, long requiredBytes, List<BlobProblem> problems,
      String batchReplicationJobId) {
    this(replicaBucket, requiredBlobs, requiredBytes, problems, batchReplicationJobId, null, null, null);
  }

  /** How many problems there are, listed or not. */
  public int totalProblems() {
    return problemCount != null ? problemCount : problems.size();
  }

  /** How many problems are blobs hidden by delete markers, listed or not. */
  public int hiddenByDeleteMarkers() {
    return hiddenByDeleteMarkerCount != null ? hiddenByDeleteMarkerCount
        : (int) problems.stream().filter(p -> p.kind() == BlobProblemKind.HIDDEN_BY_DELETE_MARKER).count();
  }

  /** Whether {@code problems} names every problem. */
  public boolean allProblemsListed() {
    return totalProblems() <= problems.size();
  }

  public boolean complete() {
    return totalProblems() == 0;
  }

  /**
   * Replication never removes a delete marker, so waiting cannot fix these: AUDIT_STORAGE deals with
   * them (and can heal them).
   */
  public boolean onlyDeleteMarkersRemain() {
    return !complete() && hiddenByDeleteMarkers() == totalProblems();
  }

  /**
   * This check as a payload: the first {@link #LISTED} problems, the counts, and {@code evidence}, where
   * the full list was stored (null when every problem is listed).
   */
  public ReplicaCheck bounded(StoredEvidence evidence) {
    return new ReplicaCheck(replicaBucket, requiredBlobs, requiredBytes,
        List.copyOf(problems.subList(0, Math.min(problems.size(), LISTED))), batchReplicationJobId,
        totalProblems(), hiddenByDeleteMarkers(), problems.size() > LISTED ? evidence : null);
  }
}

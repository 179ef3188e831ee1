package io.snapdrill.activities.repository;

import java.util.List;
import java.util.Optional;

/**
 * Which snapshots one copy of a repository (the primary bucket, the replica bucket, a directory) can
 * restore, judged from one listing of it.
 *
 * @param location the repository, for messages ("s3://bucket/prefix/" or a directory)
 * @param notes repository-level findings that are not one snapshot's (index.latest disagreeing, a
 *     newer root blob hidden by a delete marker)
 * @param versionsKnown whether the listing held versions (else a hidden blob reads as missing)
 * @param snapshots oldest first where every snapshot's start time is known, else in repository order
 * @param sharedProblems the problem blobs that break more than one snapshot, each named once
 */
public record RepositoryVerdict(String location, String rootKey, long rootGeneration, List<String> notes,
    boolean versionsKnown, List<SnapshotVerdict> snapshots, List<SharedProblem> sharedProblems) {

  /** What a blob a snapshot needs looks like in this copy. */
  public enum BlobState {
    PRESENT, MISSING, HIDDEN_BY_DELETE_MARKER, WRONG_SIZE,
    /** present with the right size in an archive storage class, which nothing can read */
    ARCHIVED,
    /** present but unreadable as the node wrote it (a metadata blob that is truncated or fails its checksum) */
    CORRUPT
  }

  /**
   * One blob a snapshot needs.
   *
   * @param objectKey the key as the store names it (with the bucket prefix), for people
   * @param expectedSize -1 where the repository records no size (a metadata blob that cannot be read)
   * @param actualSize -1 when absent
   * @param detail why a CORRUPT blob cannot be read, else null
   */
  public record BlobFinding(String key, String objectKey, RequiredBlob.Need need, BlobState state,
      long expectedSize, long actualSize, String detail) {

    public boolean problem() {
      return state != BlobState.PRESENT;
    }
  }

  /**
   * @param startTimeMillis when the snapshot started, or null where the repository does not say
   * @param requiredBlobs how many blobs a restore reads (those worked out when {@code complete} is false)
   * @param complete false when a metadata blob could not be read, so what lies under it is unknown
   * @param blobs the problem blobs, or every required blob where the caller asked for all
   */
  public record SnapshotVerdict(String name, String uuid, RepositoryData.State state, Long startTimeMillis,
      int requiredBlobs, long requiredBytes, boolean complete, List<BlobFinding> blobs) {

    /**
     * FAILED and INCOMPATIBLE snapshots were never restorable, whatever this copy holds: they are
     * listed, not judged, and do not make the copy damaged.
     */
    public boolean judged() {
      return state != RepositoryData.State.FAILED && state != RepositoryData.State.INCOMPATIBLE;
    }

    public List<BlobFinding> problems() {
      return blobs.stream().filter(BlobFinding::problem).toList();
    }

    public boolean restorable() {
      return judged() && complete && problems().isEmpty();
    }

    public long count(BlobState blobState) {
      return blobs.stream().filter(b -> b.state() == blobState).count();
    }
  }

  /** A problem blob and every snapshot it breaks (in repository order). */
  public record SharedProblem(BlobFinding blob, List<String> snapshots) {}

  /** False when a snapshot the repository holds as restorable cannot be restored from this copy. */
  public boolean allRestorable() {
    return snapshots.stream().filter(SnapshotVerdict::judged).allMatch(SnapshotVerdict::restorable);
  }

  public List<SnapshotVerdict> notRestorable() {
    return snapshots.stream().filter(s -> s.judged() && !s.restorable()).toList();
  }

  /**
   * The newest snapshot this copy can restore: the latest start time where every restorable snapshot
   * has one (in the root blob or its own snap-&lt;uuid&gt;.dat), else the last in repository order, a
   * guess. For the replica bucket this is the disaster-recovery RPO as it stands.
   */
  public Optional<SnapshotVerdict> newestRestorable() {
    List<SnapshotVerdict> restorable = snapshots.stream().filter(SnapshotVerdict::restorable).toList();
    if (restorable.isEmpty()) {
      return Optional.empty();
    }
    if (restorable.stream().allMatch(s -> s.startTimeMillis() != null)) {
      return restorable.stream().max(java.util.Comparator.comparing(SnapshotVerdict::startTimeMillis));
    }
    return Optional.of(restorable.get(restorable.size() - 1));
  }

  /** The problem blobs only this snapshot needs (those shared with others are in {@link #sharedProblems}). */
  public List<BlobFinding> ownProblems(SnapshotVerdict snapshot) {
    java.util.Set<String> shared = new java.util.HashSet<>();
    sharedProblems.forEach(p -> shared.add(p.blob().key()));
    return snapshot.problems().stream().filter(b -> !shared.contains(b.key())).toList();
  }
}

package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.snapdrill.activities.evidence.EvidenceMismatchException;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.SnapshotInfo;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * A snapshot's index names between SNAPSHOT and RESTORE/VERIFY: all of them in the report store, the first
 * few in the payload; RESTORE and VERIFY read them all back (which indices to restore and judge), checked
 * against the digest SNAPSHOT recorded.
 */
final class StoredIndexNames {
  static final String NAME = "snapshot-indices";
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

  private StoredIndexNames() {}

  /** {@code full} as a payload, its index names stored first when there are more than it lists. */
  static SnapshotInfo bounded(SnapshotInfo full, EvidenceStore store, String run) {
    if (full.indices().size() <= SnapshotInfo.LISTED) {
      return full.bounded(null);
    }
    return full.bounded(store.put(run, NAME, full.indices()));
  }

  /** {@code snapshot} with every index name: as it is when it lists them all (or was recorded before the bound), else read from the store. */
  static SnapshotInfo complete(SnapshotInfo snapshot, EvidenceStore store) {
    if (snapshot.indexEvidence() == null || snapshot.allIndicesListed()) {
      return snapshot;
    }
    try {
      return snapshot.withAllIndices(store.read(snapshot.indexEvidence(), LIST));
    } catch (EvidenceMismatchException e) {
      throw notSnapshots("index names", e);
    }
  }

  /**
   * Stored evidence that is not what SNAPSHOT wrote: no retry makes it so, and restoring or judging by it
   * would be wrong, so the stage fails at once.
   */
  static ApplicationFailure notSnapshots(String what, EvidenceMismatchException e) {
    return FailureType.STAGE_ERROR.failure("cannot read the snapshot's stored " + what + ": " + e.getMessage()
        + "; a new drill records them again");
  }
}

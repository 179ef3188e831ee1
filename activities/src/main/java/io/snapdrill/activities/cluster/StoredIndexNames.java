package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.model.SnapshotInfo;
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
    return snapshot.withAllIndices(store.read(snapshot.indexEvidence(), LIST));
  }
}

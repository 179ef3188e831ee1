package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.snapdrill.activities.evidence.EvidenceMismatchException;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.model.IndexExpectation;
import io.snapdrill.model.SnapshotResult;
import java.util.List;

/**
 * SNAPSHOT's expectations between SNAPSHOT and VERIFY: all of them in the report store, the first few in
 * the payload (a cluster of thousands of indices would otherwise pass Temporal's 2 MB payload limit);
 * VERIFY reads them all back, checked against the digest SNAPSHOT recorded.
 */
final class StoredExpectations {
  static final String NAME = "snapshot-expectations";
  private static final TypeReference<List<IndexExpectation>> LIST = new TypeReference<>() {};

  private StoredExpectations() {}

  /** {@code full} as a payload, its expectations stored first when there are more than it lists. */
  static SnapshotResult bounded(SnapshotResult full, EvidenceStore store, String run) {
    if (full.expectations().size() <= SnapshotResult.LISTED) {
      return full.bounded(null);
    }
    return full.bounded(store.put(run, NAME, full.expectations()));
  }

  /** {@code result} with every expectation: as it is when it lists them all, else read from the store. */
  static SnapshotResult complete(SnapshotResult result, EvidenceStore store) {
    if (result.expectationEvidence() == null || result.allExpectationsListed()) {
      return result;
    }
    try {
      return result.withAllExpectations(store.read(result.expectationEvidence(), LIST));
    } catch (EvidenceMismatchException e) {
      throw StoredIndexNames.notSnapshots("expectations", e);
    }
  }
}

package io.snapdrill.activities.storage;

import io.snapdrill.activities.repository.BlobComparison;
import io.snapdrill.model.BlobProblem;
import io.snapdrill.model.StoredEvidence;
import java.util.List;

/**
 * The replica check's heartbeat details: where the comparison with the replica's listing stands and
 * the problems found among the required keys before it, so that a retried attempt (on any worker)
 * lists only the pages after it. The problems are carried a few at a time: every {@link #STORED_EVERY}
 * go to the report store and the details keep their {@link StoredEvidence} (read back digest-checked).
 *
 * @param snapshotUuid the snapshot checked (details for another are ignored)
 * @param primaryRootGeneration the primary's root the required blobs were worked out from (another root
 *     starts over)
 * @param listing where the replica's listing stands
 * @param problems the problems found before {@code listing} that are not in {@code stored}, in key order
 * @param stored the problems found before them, in order, a part each
 */
public record ReplicaProgress(String snapshotUuid, long primaryRootGeneration, BlobComparison.ListingPosition listing,
    List<BlobProblem> problems, List<StoredEvidence> stored) {

  /** Problems carried inline at most: about 150 bytes each. */
  public static final int STORED_EVERY = 500;
  /**
   * Stored parts carried at most (about 250 bytes each, so with the inline problems under 200 KB): past
   * that the details stay where they were and a retry lists again from there.
   */
  public static final int STORED_LIMIT = 400;

  /** How many problems were found before {@code listing}. */
  public int problemCount() {
    return problems.size() + stored.stream().mapToInt(StoredEvidence::count).sum();
  }
}

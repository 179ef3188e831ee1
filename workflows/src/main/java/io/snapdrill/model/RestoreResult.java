package io.snapdrill.model;

import java.util.List;

/**
 * What RESTORE restored. The restored index names would be some 100 KB at 5,000 indices, in RESTORE's
 * result, VERIFY's argument and the drill's result: a result names at most {@link #LISTED} and counts all
 * (which indices were restored follows from the snapshot's names and the restore settings, so none are
 * stored).
 *
 * @param indices the restored index names listed: every one in results recorded before the bound, else at
 *     most {@link #LISTED}
 * @param indexCount how many indices were restored, listed or not; null in results recorded before it
 */
public record RestoreResult(List<String> indices, int shards, long bytesRecovered, Integer indexCount) {
  /** Index names a result lists. */
  public static final int LISTED = 20;

  public RestoreResult {
    indices = indices == null ? List.of() : indices;
  }

  /** A result naming every restored index, before it is bounded for the payload. */
  public RestoreResult(List<String> indices, int shards, long bytesRecovered) {
    this(indices, shards, bytesRecovered, null);
  }

  /** How many indices were restored, listed or not. */
  public int totalIndices() {
    return indexCount != null ? indexCount : indices.size();
  }

  /** This result as a payload: the first {@link #LISTED} names and the count. */
  public RestoreResult bounded() {
    return new RestoreResult(List.copyOf(indices.subList(0, Math.min(indices.size(), LISTED))), shards, bytesRecovered,
        totalIndices());
  }
}

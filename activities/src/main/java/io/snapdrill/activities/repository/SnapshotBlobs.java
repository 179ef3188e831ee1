package io.snapdrill.activities.repository;

import java.util.List;

/**
 * Everything a restore of one snapshot needs from the repository.
 *
 * @param blobs every required blob, the root index-N first
 * @param virtualFiles segment files stored inside the shard snapshot metadata ({@code v__} names),
 *     which have no blob of their own
 */
public record SnapshotBlobs(
    String snapshotName, String snapshotUuid, long rootGeneration, List<RequiredBlob> blobs, int virtualFiles) {

  public long totalBytes() {
    return blobs.stream().mapToLong(RequiredBlob::size).sum();
  }

  public RequiredBlob root() {
    return blobs.get(0);
  }
}

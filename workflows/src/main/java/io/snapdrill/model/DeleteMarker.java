package io.snapdrill.model;

import java.util.List;

/**
 * A repository key whose latest version is a delete marker.
 *
 * @param previousVersionId the newest real version under the marker, or null when none exists (then
 *     healing cannot bring the blob back)
 * @param breaksSnapshots the snapshots (names) that need this blob; empty when none does
 */
public record DeleteMarker(
    String bucket,
    String key,
    String markerVersionId,
    String previousVersionId,
    List<String> breaksSnapshots) {

  public boolean neededBySnapshot() {
    return breaksSnapshots != null && !breaksSnapshots.isEmpty();
  }

  public boolean healable() {
    return previousVersionId != null;
  }
}

package io.snapdrill.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** AUDIT_STORAGE findings for both buckets of a repository. */
public record StorageAudit(List<BucketAudit> buckets) {

  public List<BucketAudit> unversioned() {
    return buckets.stream().filter(b -> !b.versioningEnabled()).toList();
  }

  public List<LifecycleFinding> findings(LifecycleVerdict verdict) {
    return buckets.stream()
        .flatMap(b -> b.lifecycle() == null ? Stream.empty() : b.lifecycle().stream())
        .filter(f -> f.verdict() == verdict)
        .toList();
  }

  /**
   * Delete markers over blobs some snapshot needs: these break restores. Those the audit lists (at most
   * {@link BucketAudit#LISTED} a bucket); never empty while there is one.
   */
  public List<DeleteMarker> markersHidingNeededBlobs() {
    return buckets.stream().flatMap(b -> b.listedNeededMarkers().stream()).toList();
  }

  /** How many delete markers hide blobs some snapshot needs, listed or not. */
  public int neededMarkerCount() {
    return buckets.stream().mapToInt(BucketAudit::neededMarkerCount).sum();
  }

  /** Where the markers over needed blobs beyond those listed are stored (one per bucket that has more). */
  public List<StoredEvidence> neededMarkerEvidence() {
    return buckets.stream().map(BucketAudit::neededMarkerEvidence).filter(Objects::nonNull).toList();
  }
}

package io.snapdrill.model;

import java.util.List;
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

  /** Delete markers over blobs some snapshot needs: these break restores. */
  public List<DeleteMarker> markersHidingNeededBlobs() {
    return buckets.stream()
        .flatMap(b -> b.deleteMarkers() == null ? Stream.empty() : b.deleteMarkers().stream())
        .filter(DeleteMarker::neededBySnapshot)
        .toList();
  }
}

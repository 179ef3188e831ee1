package io.snapdrill.activities.storage;

import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Removes delete markers so the version under each becomes current again. Deleting a marker's own
 * version id is the only change made; a marker with no real version under it is left alone (there
 * is nothing to bring back). Idempotent: a marker already gone counts as removed.
 */
public final class DeleteMarkerHealer {

  private DeleteMarkerHealer() {}

  /**
   * @param clients the S3 client for a bucket, or null when the bucket is not one this worker may heal
   */
  public static HealReport heal(
      List<DeleteMarker> markers, boolean dryRun, Function<String, S3Client> clients, Consumer<String> progress) {
    List<DeleteMarker> removed = new ArrayList<>();
    List<DeleteMarker> unhealable = new ArrayList<>();
    for (DeleteMarker marker : markers) {
      S3Client s3 = clients.apply(marker.bucket());
      if (s3 == null) {
        unhealable.add(marker);
        continue;
      }
      switch (state(s3, marker)) {
        case ALREADY_REMOVED -> removed.add(marker);
        case NOTHING_UNDER -> unhealable.add(marker);
        case HEALABLE -> {
          if (!dryRun) {
            s3.deleteObject(b -> b.bucket(marker.bucket()).key(marker.key()).versionId(marker.markerVersionId()));
          }
          removed.add(marker);
        }
      }
      progress.accept((dryRun ? "would remove " : "removed ") + removed.size() + " of " + markers.size() + " markers");
    }
    return new HealReport(dryRun, removed, unhealable, null);
  }

  private enum State { HEALABLE, ALREADY_REMOVED, NOTHING_UNDER }

  /** Looks at the key's versions now, not at the audit's snapshot of them. */
  private static State state(S3Client s3, DeleteMarker marker) {
    List<String> newestFirst = new ArrayList<>();
    List<Boolean> isMarker = new ArrayList<>();
    for (ListObjectVersionsResponse page :
        s3.listObjectVersionsPaginator(b -> b.bucket(marker.bucket()).prefix(marker.key()))) {
      record V(String id, boolean marker, java.time.Instant at, boolean latest) {}
      List<V> versions = new ArrayList<>();
      for (ObjectVersion v : page.versions()) {
        if (v.key().equals(marker.key())) {
          versions.add(new V(v.versionId(), false, v.lastModified(), Boolean.TRUE.equals(v.isLatest())));
        }
      }
      for (DeleteMarkerEntry m : page.deleteMarkers()) {
        if (m.key().equals(marker.key())) {
          versions.add(new V(m.versionId(), true, m.lastModified(), Boolean.TRUE.equals(m.isLatest())));
        }
      }
      versions.sort((a, b) -> a.latest() != b.latest() ? (a.latest() ? -1 : 1)
          : a.at() == null || b.at() == null ? 0 : b.at().compareTo(a.at()));
      versions.forEach(v -> {
        newestFirst.add(v.id());
        isMarker.add(v.marker());
      });
    }
    int position = newestFirst.indexOf(marker.markerVersionId());
    if (position < 0) {
      return State.ALREADY_REMOVED;
    }
    for (int i = position + 1; i < newestFirst.size(); i++) {
      if (!isMarker.get(i)) {
        return State.HEALABLE;
      }
    }
    return State.NOTHING_UNDER;
  }
}

package io.snapdrill.activities.blob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Versions and delete markers under a prefix, newest first per key. */
public record VersionListing(boolean supported, List<BlobVersion> versions) {

  public static VersionListing unsupported() {
    return new VersionListing(false, List.of());
  }

  /** Each key's versions, newest first, keys in listing order. */
  public Map<String, List<BlobVersion>> byKey() {
    Map<String, List<BlobVersion>> byKey = new LinkedHashMap<>();
    for (BlobVersion version : versions) {
      byKey.computeIfAbsent(version.key(), k -> new ArrayList<>()).add(version);
    }
    return byKey;
  }

  /** Keys whose latest version is a delete marker, with the marker and the newest real version. */
  public List<HiddenBlob> hiddenBlobs() {
    List<HiddenBlob> hidden = new ArrayList<>();
    byKey().forEach((key, versions) -> {
      BlobVersion latest = versions.stream().filter(BlobVersion::latest).findFirst().orElse(null);
      if (latest != null && latest.deleteMarker()) {
        BlobVersion previous = versions.stream().filter(v -> !v.deleteMarker()).findFirst().orElse(null);
        hidden.add(new HiddenBlob(key, latest.versionId(), previous));
      }
    });
    return hidden;
  }

  /** Current (not deleted) blobs with sizes: what a listing on real S3 returns. */
  public Map<String, Long> currentSizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (BlobVersion version : versions) {
      if (version.latest() && !version.deleteMarker()) {
        sizes.put(version.key(), version.size());
      }
    }
    return sizes;
  }

  /** Current blobs in an archive storage class, with the class: present, sized, and unreadable. */
  public Map<String, String> archived() {
    Map<String, String> archived = new LinkedHashMap<>();
    for (BlobVersion version : versions) {
      if (version.latest() && !version.deleteMarker() && version.archived()) {
        archived.put(version.key(), version.storageClass());
      }
    }
    return archived;
  }

  /**
   * @param previous the newest real version under the marker, or null when the key has none left
   */
  public record HiddenBlob(String key, String markerVersionId, BlobVersion previous) {}
}

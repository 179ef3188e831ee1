package io.snapdrill.activities.blob;

import java.util.Set;

/**
 * One version of a key, or a delete marker.
 *
 * @param key relative to the repository base path
 * @param latest whether this is the key's current version
 * @param storageClass as the listing names it ("STANDARD", "GLACIER", ...); null for a delete marker
 */
public record BlobVersion(String key, String versionId, boolean deleteMarker, boolean latest, long size,
    String storageClass) {
  /**
   * Storage classes whose objects GetObject refuses (403 InvalidObjectState) until each is restored
   * with RestoreObject. Intelligent-Tiering's archive tiers are not visible in a listing.
   */
  public static final Set<String> ARCHIVE_CLASSES = Set.of("GLACIER", "DEEP_ARCHIVE");

  public boolean archived() {
    return storageClass != null && ARCHIVE_CLASSES.contains(storageClass);
  }
}

package io.snapdrill.model;

import java.util.List;

/**
 * @param role "primary" or "replica"
 * @param versioningStatus as S3 reports it: "Enabled", "Suspended" or "" (never enabled)
 * @param deleteMarkers every delete marker over a blob some snapshot needs, and at most
 *     {@link #NEEDLESS_LISTED} over blobs none needs (an audit recorded before the bound lists all)
 * @param needlessMarkersUnlisted delete markers over blobs no snapshot needs beyond those listed; null
 *     in audits recorded before it was counted
 */
public record BucketAudit(
    String role,
    String bucket,
    String prefix,
    String versioningStatus,
    List<LifecycleFinding> lifecycle,
    List<DeleteMarker> deleteMarkers,
    Integer needlessMarkersUnlisted) {

  /**
   * Markers no snapshot needs are harmless and, on a versioned bucket, left by every blob
   * Elasticsearch deletes with an old snapshot: thousands of them would swell the activity's result
   * and the drill's history, so a few are listed as examples and the rest counted.
   */
  public static final int NEEDLESS_LISTED = 10;

  public BucketAudit(String role, String bucket, String prefix, String versioningStatus,
      List<LifecycleFinding> lifecycle, List<DeleteMarker> deleteMarkers) {
    this(role, bucket, prefix, versioningStatus, lifecycle, deleteMarkers, null);
  }

  public boolean versioningEnabled() {
    return "Enabled".equals(versioningStatus);
  }

  /** Delete markers over blobs no snapshot needs, listed or not. */
  public int needlessMarkerCount() {
    long listed = deleteMarkers == null ? 0 : deleteMarkers.stream().filter(m -> !m.neededBySnapshot()).count();
    return (int) listed + (needlessMarkersUnlisted == null ? 0 : needlessMarkersUnlisted);
  }
}

package io.snapdrill.model;

import java.util.ArrayList;
import java.util.List;

/**
 * @param role "primary" or "replica"
 * @param versioningStatus as S3 reports it: "Enabled", "Suspended" or "" (never enabled)
 * @param deleteMarkers the first {@link #LISTED} delete markers over blobs some snapshot needs, and at most
 *     {@link #NEEDLESS_LISTED} over blobs none needs (an audit recorded before the bounds lists all)
 * @param needlessMarkersUnlisted delete markers over blobs no snapshot needs beyond those listed; null
 *     in audits recorded before it was counted
 * @param neededMarkersUnlisted delete markers over needed blobs beyond those listed; null in audits
 *     recorded before it was counted (then every needed one is listed)
 * @param neededMarkerEvidence every delete marker over a needed blob, in the report store, when not all are
 *     listed (healing reads them back from there); else null
 */
public record BucketAudit(
    String role,
    String bucket,
    String prefix,
    String versioningStatus,
    List<LifecycleFinding> lifecycle,
    List<DeleteMarker> deleteMarkers,
    Integer needlessMarkersUnlisted,
    Integer neededMarkersUnlisted,
    StoredEvidence neededMarkerEvidence) {

  /**
   * Markers no snapshot needs are harmless and, on a versioned bucket, left by every blob
   * Elasticsearch deletes with an old snapshot: thousands of them would swell the activity's result
   * and the drill's history, so a few are listed as examples and the rest counted.
   */
  public static final int NEEDLESS_LISTED = 10;

  /**
   * Markers over needed blobs an audit names; the rest are counted and stored. A lifecycle expiry over a
   * mature repository hides thousands, and about 7,000 listed make 2 MB, Temporal's payload limit.
   */
  public static final int LISTED = 20;

  public BucketAudit(String role, String bucket, String prefix, String versioningStatus,
      List<LifecycleFinding> lifecycle, List<DeleteMarker> deleteMarkers) {
    this(role, bucket, prefix, versioningStatus, lifecycle, deleteMarkers, null);
  }

  /** An audit listing every marker over a needed blob, before it is bounded for the payload. */
  public BucketAudit(String role, String bucket, String prefix, String versioningStatus,
      List<LifecycleFinding> lifecycle, List<DeleteMarker> deleteMarkers, Integer needlessMarkersUnlisted) {
    this(role, bucket, prefix, versioningStatus, lifecycle, deleteMarkers, needlessMarkersUnlisted, null, null);
  }

  public boolean versioningEnabled() {
    return "Enabled".equals(versioningStatus);
  }

  /** Delete markers over blobs no snapshot needs, listed or not. */
  public int needlessMarkerCount() {
    long listed = deleteMarkers == null ? 0 : deleteMarkers.stream().filter(m -> !m.neededBySnapshot()).count();
    return (int) listed + (needlessMarkersUnlisted == null ? 0 : needlessMarkersUnlisted);
  }

  /** The markers over needed blobs this audit lists. */
  public List<DeleteMarker> listedNeededMarkers() {
    return deleteMarkers == null ? List.of() : deleteMarkers.stream().filter(DeleteMarker::neededBySnapshot).toList();
  }

  /** Delete markers over blobs some snapshot needs, listed or not. */
  public int neededMarkerCount() {
    return listedNeededMarkers().size() + (neededMarkersUnlisted == null ? 0 : neededMarkersUnlisted);
  }

  /** Whether {@code deleteMarkers} names every marker over a needed blob. */
  public boolean allNeededMarkersListed() {
    return neededMarkersUnlisted == null || neededMarkersUnlisted == 0;
  }

  /**
   * This audit as a payload: the first {@link #LISTED} markers over needed blobs (and the needless ones
   * listed), the rest counted, and {@code evidence}, where every needed one was stored (null when all are
   * listed).
   */
  public BucketAudit bounded(StoredEvidence evidence) {
    List<DeleteMarker> listed = new ArrayList<>();
    int needed = 0;
    for (DeleteMarker m : deleteMarkers == null ? List.<DeleteMarker>of() : deleteMarkers) {
      if (m.neededBySnapshot() && needed++ >= LISTED) {
        continue;
      }
      listed.add(m);
    }
    int unlisted = Math.max(0, needed - LISTED) + (neededMarkersUnlisted == null ? 0 : neededMarkersUnlisted);
    return new BucketAudit(role, bucket, prefix, versioningStatus, lifecycle, List.copyOf(listed),
        needlessMarkersUnlisted, unlisted, unlisted > 0 ? evidence : null);
  }
}

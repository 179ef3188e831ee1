package io.snapdrill.model;

import java.util.List;

/**
 * Remove these delete markers (only those whose previous version exists); dry run changes nothing.
 *
 * @param markers the markers the audit listed
 * @param markerEvidence where the audit stored every marker over a needed blob of a bucket that had more than
 *     it listed: healing reads them back and heals them all; null in requests recorded before it
 */
public record HealRequest(String cluster, List<DeleteMarker> markers, boolean dryRun, List<StoredEvidence> markerEvidence) {

  public HealRequest(String cluster, List<DeleteMarker> markers, boolean dryRun) {
    this(cluster, markers, dryRun, null);
  }
}

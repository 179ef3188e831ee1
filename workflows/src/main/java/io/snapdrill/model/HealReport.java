package io.snapdrill.model;

import java.util.List;

/**
 * What healing did (or, in a dry run, would do).
 *
 * @param removed markers removed, or that a dry run would remove: at most {@link #MAX_LISTED} (every one in
 *     reports recorded before the bound)
 * @param unhealable markers with no previous version to bring back, in a bucket this worker may not
 *     change, or whose version id is not a delete marker: at most {@link #MAX_LISTED}, as above
 * @param approvedBy the operator who approved (heal policy ASK), as they named themselves, or null
 * @param approverIdentity the Temporal client identity that sent the approval, or null
 * @param removedMarkers the versions deleted, each confirmed by S3 as a delete marker, at most
 *     {@link #MAX_LISTED} of them (a key may carry several stacked markers); empty in a dry run
 * @param removedMarkerCount how many versions were deleted in all
 * @param restoredVersions for each healed key, the real version that is current again (the version
 *     brought back), at most {@link #MAX_LISTED}; empty in a dry run and in reports recorded before it
 *     existed
 * @param removedCount how many markers were removed (or would be) in all; null in reports recorded before
 *     it was counted (then {@code removed} lists them all)
 * @param unhealableCount how many markers could not be healed in all; null as above
 * @param removedEvidence every marker in {@code removed}, in the report store, when not all are listed
 * @param unhealableEvidence every marker in {@code unhealable}, likewise
 */
public record HealReport(
    boolean dryRun,
    List<DeleteMarker> removed,
    List<DeleteMarker> unhealable,
    String approvedBy,
    String approverIdentity,
    List<RemovedMarker> removedMarkers,
    int removedMarkerCount,
    List<RestoredVersion> restoredVersions,
    Integer removedCount,
    Integer unhealableCount,
    StoredEvidence removedEvidence,
    StoredEvidence unhealableEvidence) {
  /** Bounds the payload: a report names this many removed (and restored) versions and counts the rest. */
  public static final int MAX_LISTED = 100;

  public HealReport {
    // reports recorded before these fields existed read them as null
    removedMarkers = removedMarkers == null ? List.of() : removedMarkers;
    restoredVersions = restoredVersions == null ? List.of() : restoredVersions;
  }

  /** What the healer did, before anyone's approval is attached. */
  public HealReport(boolean dryRun, List<DeleteMarker> removed, List<DeleteMarker> unhealable,
      List<RemovedMarker> removedMarkers, int removedMarkerCount, List<RestoredVersion> restoredVersions) {
    this(dryRun, removed, unhealable, null, null, removedMarkers, removedMarkerCount, restoredVersions);
  }

  public HealReport(boolean dryRun, List<DeleteMarker> removed, List<DeleteMarker> unhealable, String approvedBy,
      String approverIdentity, List<RemovedMarker> removedMarkers, int removedMarkerCount,
      List<RestoredVersion> restoredVersions) {
    this(dryRun, removed, unhealable, approvedBy, approverIdentity, removedMarkers, removedMarkerCount,
        restoredVersions, null, null, null, null);
  }

  /** How many blobs healing brought back (or would), listed or not. */
  public int healedBlobs() {
    return removedCount != null ? removedCount : removed.size();
  }

  /** How many markers healing left in place, listed or not. */
  public int unhealableBlobs() {
    return unhealableCount != null ? unhealableCount : unhealable.size();
  }

  /** Whether {@code removed} and {@code unhealable} name every marker healing handled. */
  public boolean allListed() {
    return healedBlobs() <= removed.size() && unhealableBlobs() <= unhealable.size();
  }

  /**
   * This report as a payload: the first {@link #MAX_LISTED} removed and unhealable markers, the counts, and
   * where each full list was stored (null for a list given whole).
   */
  public HealReport bounded(StoredEvidence removedStored, StoredEvidence unhealableStored) {
    return new HealReport(dryRun, first(removed), first(unhealable), approvedBy, approverIdentity, removedMarkers,
        removedMarkerCount, restoredVersions, healedBlobs(), unhealableBlobs(),
        removed.size() > MAX_LISTED ? removedStored : removedEvidence,
        unhealable.size() > MAX_LISTED ? unhealableStored : unhealableEvidence);
  }

  private static List<DeleteMarker> first(List<DeleteMarker> markers) {
    return List.copyOf(markers.subList(0, Math.min(markers.size(), MAX_LISTED)));
  }

  /**
   * How many delete marker versions were removed: the count the healer kept, or, when it counted none
   * (a report recorded before it counted, or a retried heal that found its keys readable already), one
   * per healed blob.
   */
  public int markersRemoved() {
    return removedMarkerCount > 0 ? removedMarkerCount : healedBlobs();
  }

  /** This report approved by {@code decision}'s operator and client, or as is for a heal nobody had to approve. */
  public HealReport approvedBy(HealDecision decision) {
    return decision == null ? this
        : new HealReport(dryRun, removed, unhealable, decision.operator(), decision.identity(), removedMarkers,
            removedMarkerCount, restoredVersions, removedCount, unhealableCount, removedEvidence, unhealableEvidence);
  }
}

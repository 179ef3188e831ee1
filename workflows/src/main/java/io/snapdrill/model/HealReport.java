package io.snapdrill.model;

import java.util.List;

/**
 * What healing did (or, in a dry run, would do).
 *
 * @param removed markers removed, or that a dry run would remove
 * @param unhealable markers with no previous version to bring back, in a bucket this worker may not
 *     change, or whose version id is not a delete marker
 * @param approvedBy the operator who approved (heal policy ASK), as they named themselves, or null
 * @param approverIdentity the Temporal client identity that sent the approval, or null
 * @param removedMarkers the versions deleted, each confirmed by S3 as a delete marker, at most
 *     {@link #MAX_LISTED} of them (a key may carry several stacked markers); empty in a dry run
 * @param removedMarkerCount how many versions were deleted in all
 * @param restoredVersions for each healed key, the real version that is current again (the version
 *     brought back), at most {@link #MAX_LISTED}; empty in a dry run and in reports recorded before it
 *     existed
 */
public record HealReport(
    boolean dryRun,
    List<DeleteMarker> removed,
    List<DeleteMarker> unhealable,
    String approvedBy,
    String approverIdentity,
    List<RemovedMarker> removedMarkers,
    int removedMarkerCount,
    List<RestoredVersion> restoredVersions) {
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

  /**
   * How many delete marker versions were removed: the count the healer kept, or, when it counted none
   * (a report recorded before it counted, or a retried heal that found its keys readable already), one
   * per healed blob.
   */
  public int markersRemoved() {
    return removedMarkerCount > 0 ? removedMarkerCount : removed.size();
  }

  /** This report approved by {@code decision}'s operator and client, or as is for a heal nobody had to approve. */
  public HealReport approvedBy(HealDecision decision) {
    return decision == null ? this
        : new HealReport(dryRun, removed, unhealable, decision.operator(), decision.identity(), removedMarkers,
            removedMarkerCount, restoredVersions);
  }
}

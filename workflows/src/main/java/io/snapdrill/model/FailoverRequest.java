package io.snapdrill.model;

/**
 * Input of one failover restore: a snapshot of {@code sourceCluster}, restored from its replica onto the
 * standing cluster {@code targetCluster}. Both are configured names only: endpoints and credentials stay
 * in the worker's configuration.
 *
 * @param snapshot the snapshot's name or UUID (required: a failover restores what exists)
 * @param renamePattern optional regex over index names (Elasticsearch's rename_pattern), with
 *     {@code renameReplacement}; overrides the source cluster's restore.renamePattern
 * @param closeExisting close open target indices of the same names so that the restore overwrites them;
 *     without it (and without a rename that avoids them) the restore is refused
 * @param settings the replication wait; null means the defaults
 */
public record FailoverRequest(
    String sourceCluster,
    String snapshot,
    String targetCluster,
    String renamePattern,
    String renameReplacement,
    boolean closeExisting,
    DrillSettings settings) {

  public DrillSettings effectiveSettings() {
    return (settings != null ? settings : DrillSettings.DEFAULTS).withDefaults();
  }

  public boolean renames() {
    return renamePattern != null && !renamePattern.isBlank();
  }
}

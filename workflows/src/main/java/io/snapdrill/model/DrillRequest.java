package io.snapdrill.model;

/**
 * Input of one drill. It names the cluster by its configured name only: endpoints, buckets and
 * credentials stay in the worker's configuration, so no secret ever reaches a workflow payload.
 *
 * @param cluster configured cluster name
 * @param snapshot an existing snapshot (name or UUID) to drill, or null to take a new snapshot
 * @param heal what to do about delete markers that hide needed blobs; null means NEVER
 * @param settings deadlines and bounds; null means the defaults
 */
public record DrillRequest(String cluster, String snapshot, HealPolicy heal, DrillSettings settings) {

  public static DrillRequest newSnapshot(String cluster) {
    return new DrillRequest(cluster, null, HealPolicy.NEVER, null);
  }

  public HealPolicy healPolicy() {
    return heal != null ? heal : HealPolicy.NEVER;
  }

  public DrillSettings effectiveSettings() {
    return (settings != null ? settings : DrillSettings.DEFAULTS).withDefaults();
  }

  public boolean existingSnapshot() {
    return snapshot != null && !snapshot.isBlank();
  }
}

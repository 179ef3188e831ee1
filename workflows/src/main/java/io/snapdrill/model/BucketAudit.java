package io.snapdrill.model;

import java.util.List;

/**
 * @param role "primary" or "replica"
 * @param versioningStatus as S3 reports it: "Enabled", "Suspended" or "" (never enabled)
 */
public record BucketAudit(
    String role,
    String bucket,
    String prefix,
    String versioningStatus,
    List<LifecycleFinding> lifecycle,
    List<DeleteMarker> deleteMarkers) {

  public boolean versioningEnabled() {
    return "Enabled".equals(versioningStatus);
  }
}

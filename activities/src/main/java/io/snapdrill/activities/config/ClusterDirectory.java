package io.snapdrill.activities.config;

import io.snapdrill.model.FailureType;

/** How activities find a cluster's configuration by the name a workflow payload carries. */
public final class ClusterDirectory {
  private final SnapdrillConfig config;

  public ClusterDirectory(SnapdrillConfig config) {
    this.config = config;
  }

  public SnapdrillConfig config() {
    return config;
  }

  /** The cluster's configuration; a non-retryable CONFIGURATION_INVALID when this worker lacks it. */
  public ClusterConfig cluster(String name) {
    return config
        .cluster(name)
        .orElseThrow(
            () -> FailureType.CONFIGURATION_INVALID.failure(
                "cluster '" + name + "' is not in this worker's configuration (configured: "
                    + config.clusters().stream().map(ClusterConfig::name).toList()
                    + "); start the worker with the config that defines it"));
  }
}

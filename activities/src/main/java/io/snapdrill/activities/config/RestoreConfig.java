package io.snapdrill.activities.config;

import java.util.List;

/**
 * Which indices RESTORE restores and how.
 *
 * @param renamePattern optional regex applied to index names (with {@code renameReplacement})
 * @param maxBytesPerSec recovery throttle on the disposable restore host
 */
public record RestoreConfig(
    List<String> indices,
    List<String> excludeIndices,
    String renamePattern,
    String renameReplacement,
    String maxBytesPerSec) {

  public static final RestoreConfig DEFAULTS = new RestoreConfig(List.of("*"), List.of(), null, null, "500mb");

  public RestoreConfig {
    indices = indices == null || indices.isEmpty() ? List.of("*") : List.copyOf(indices);
    excludeIndices = excludeIndices == null ? List.of() : List.copyOf(excludeIndices);
    maxBytesPerSec = maxBytesPerSec == null ? "500mb" : maxBytesPerSec;
  }
}

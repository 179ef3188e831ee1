package io.snapdrill.activities.config;

import jakarta.validation.constraints.NotBlank;

/**
 * One S3 bucket holding the repository.
 *
 * @param prefix the repository's base path inside the bucket ("" for the bucket root)
 * @param endpoint an S3-compatible endpoint instead of AWS (local mode, tests)
 * @param pathStyle path-style addressing (most S3-compatible servers need it)
 */
public record BucketConfig(
    @NotBlank String bucket, String prefix, @NotBlank String region, String endpoint, boolean pathStyle) {

  public BucketConfig {
    prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
  }

  /** The key prefix of repository blobs, with a trailing slash, or "" at the bucket root. */
  public String keyPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }
}

package io.snapdrill.activities.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The repository's primary bucket (the source cluster writes there) and its cross-region replica (the
 * restore host reads there).
 *
 * @param healRoleArn optional IAM role healing assumes for every S3 call it makes (reading versioning,
 *     listing versions, deleting delete markers), so that the worker's own role needs no
 *     {@code s3:DeleteObjectVersion}; null heals with the worker's own credentials
 */
public record StorageConfig(
    @NotNull @Valid BucketConfig primary,
    @NotNull @Valid BucketConfig replica,
    @Valid BatchReplicationConfig batchReplication,
    String healRoleArn) {

  public StorageConfig {
    healRoleArn = healRoleArn == null || healRoleArn.isBlank() ? null : healRoleArn.strip();
  }
}

package io.snapdrill.activities.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The repository's primary bucket (the source cluster writes there) and its cross-region replica (the
 * restore host reads there).

 */
public record StorageConfig(
    @NotNull @Valid BucketConfig primary,
    @NotNull @Valid BucketConfig replica,
    @Valid BatchReplicationConfig batchReplication) {}

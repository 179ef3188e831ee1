package io.snapdrill.model;

/**
 * A blob healing made readable again: the real version S3 listed as the key's latest once the delete
 * markers above it were gone (the version brought back).
 */
public record RestoredVersion(String bucket, String key, String versionId) {}

package io.snapdrill.model;

/** A delete marker healing removed: the version id S3 confirmed was a marker when it deleted it. */
public record RemovedMarker(String bucket, String key, String versionId) {}

package io.snapdrill.activities.blob;

/** A blob as listed: key relative to the repository base path, and its size in bytes. */
public record BlobEntry(String key, long size) {}

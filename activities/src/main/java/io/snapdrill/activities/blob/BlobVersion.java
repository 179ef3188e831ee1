package io.snapdrill.activities.blob;

/**
 * One version of a key, or a delete marker.
 *
 * @param key relative to the repository base path
 * @param latest whether this is the key's current version
 */
public record BlobVersion(String key, String versionId, boolean deleteMarker, boolean latest, long size) {}

package io.snapdrill.activities.storage;

/**
 * One version of a key, or a delete marker.
 *
 * @param key relative to the repository base path
 * @param latest whether this is the key's current version
 */
public record BlobVersion(String key, String versionId, boolean deleteMarker, boolean latest, long size) {}

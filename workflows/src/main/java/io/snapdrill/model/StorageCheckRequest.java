package io.snapdrill.model;

/**
 * Asks a storage activity about the repository of a configured cluster, for one snapshot.
 *
 * @param cluster configured cluster name (buckets, prefixes and regions come from the configuration)
 * @param snapshotUuid the snapshot whose blobs matter
 * @param attempt the drill's check number, for logs and heartbeat details
 */
public record StorageCheckRequest(String cluster, String snapshotUuid, int attempt) {}

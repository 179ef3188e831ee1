package io.snapdrill.model;

/**
 * @param drillId the drill's workflow id: makes the snapshot name unique per drill so that a retried
 *     activity finds the snapshot it already started instead of taking a second one
 * @param cluster configured cluster name
 * @param snapshot existing snapshot name or UUID (describe), or null (take a new one)
 */
public record SnapshotRequest(String drillId, String cluster, String snapshot) {}

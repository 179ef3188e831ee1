package io.snapdrill.model;

/** Compare what the host restored with what the snapshot held. */
public record VerifyRequest(
    String drillId, String cluster, RestoreHost host, SnapshotResult snapshot, RestoreResult restore) {}

package io.snapdrill.model;

/** VERIFY of a failover restore: the target's indices against the snapshot's expectations. */
public record FailoverVerifyRequest(FailoverTargetRequest target, SnapshotResult snapshot, RestoreResult restore) {}

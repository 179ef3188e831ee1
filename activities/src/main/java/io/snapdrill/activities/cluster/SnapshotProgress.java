package io.snapdrill.activities.cluster;

/** Heartbeat details of SNAPSHOT: which snapshot this drill started (a retry resumes it) and how far it is. */
public record SnapshotProgress(String snapshot, String state, int shardsDone, int shardsTotal) {}

package io.snapdrill.model;

/**
 * What every call to the standing target cluster carries: which snapshot of which source goes where,
 * and under which names.
 *
 * @param failoverId the failover's workflow id
 * @param renamePattern null to keep the names (or to use the source's restore.renamePattern)
 */
public record FailoverTargetRequest(
    String failoverId,
    String sourceCluster,
    String targetCluster,
    SnapshotInfo snapshot,
    String renamePattern,
    String renameReplacement) {}

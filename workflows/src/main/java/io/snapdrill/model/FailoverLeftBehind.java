package io.snapdrill.model;

import java.util.List;

/**
 * What a canceled failover restore left on the target cluster.
 *
 * @param repository the replica repository, still registered read-only (null when it never was)
 * @param deleted indices that were still being restored and were deleted: deleting them is how
 *     Elasticsearch and OpenSearch stop a restore
 * @param remaining the restore's indices that still exist, each as {@code name (open|close)}: restored
 *     completely before the cancel, or existing before the restore (closed by --close-existing)
 */
public record FailoverLeftBehind(String repository, List<String> deleted, List<String> remaining) {}

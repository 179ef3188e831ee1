package io.snapdrill.model;

import java.util.List;

/**
 * The live state of a restore-a-thon (query {@code progress}): counts, and the few drills that hold a
 * restore host by name.
 *
 * @param notStarted clusters whose drill has not started yet
 * @param checking drills in their cheap stages (snapshot, replication check, audit)
 * @param waitingForHost drills that passed their cheap stages and wait for a restore host
 * @param holdingHost drill ids holding a restore host (at most maxConcurrentDrills)
 */
public record RestoreAThonProgress(
    String restoreAThonId,
    int run,
    int configuredClusters,
    int notStarted,
    int checking,
    int waitingForHost,
    List<String> holdingHost,
    int passed,
    int failed,
    Double hostCostUsd,
    int summaryBatches) {}

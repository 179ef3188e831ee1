package io.snapdrill.model;

import java.util.List;

/**
 * The outcome of SNAPSHOT: the snapshot and the expectations recorded for VERIFY.
 *
 * @param expectationsExact false when the expectations were read from the live cluster after the
 *     snapshot was taken (an existing snapshot), so document counts may have moved since
 */
public record SnapshotResult(
    SnapshotInfo snapshot, List<IndexExpectation> expectations, boolean expectationsExact) {}

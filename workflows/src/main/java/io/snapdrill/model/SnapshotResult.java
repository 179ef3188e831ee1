package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of SNAPSHOT: the snapshot and the expectations recorded for VERIFY.
 *
 * @param expectationsExact false when the expectations were read from the live cluster after the
 *     snapshot was taken (an existing snapshot), so document counts may have moved since
 * @param previousSnapshotStart start of the newest SUCCESS snapshot in the repository that started
 *     before this one (the previous restorable point, for the RPO), or null when there is none or the
 *     listing failed
 */
public record SnapshotResult(
    SnapshotInfo snapshot, List<IndexExpectation> expectations, boolean expectationsExact,
    Instant previousSnapshotStart) {}

package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of SNAPSHOT: the snapshot and the expectations recorded for VERIFY. An expectation holds
 * a mapping fingerprint and sample documents (some hundreds of bytes): 5,000 indices would be about 2 MB,
 * Temporal's payload limit, in SNAPSHOT's result and again in VERIFY's argument. So a result names at
 * most {@link #LISTED} of them and the report store holds all, which VERIFY reads back.
 *
 * @param expectations the first {@link #LISTED} expectations (every one in results recorded before the
 *     bound, and whenever there are no more)
 * @param expectationsExact false when the expectations were read from the live cluster after the
 *     snapshot was taken (an existing snapshot), so document counts may have moved since
 * @param previousSnapshotStart start of the newest SUCCESS snapshot in the repository that started
 *     before this one (the previous restorable point, for the RPO), or null when there is none or the
 *     listing failed
 * @param expectationCount how many indices have expectations, listed or not; null in results recorded
 *     before it was counted
 * @param expectationEvidence every expectation, in the report store, when not all are listed; else null
 */
public record SnapshotResult(
    SnapshotInfo snapshot, List<IndexExpectation> expectations, boolean expectationsExact,
    Instant previousSnapshotStart, Integer expectationCount, StoredEvidence expectationEvidence) {

  /** Expectations a result carries itself; with more, all are in the report store. */
  public static final int LISTED = 20;

  public SnapshotResult {
    expectations = expectations == null ? List.of() : expectations;
  }

  /** A result with every expectation, before it is bounded for the payload. */
  public SnapshotResult(SnapshotInfo snapshot, List<IndexExpectation> expectations, boolean expectationsExact,
      Instant previousSnapshotStart) {
    this(snapshot, expectations, expectationsExact, previousSnapshotStart, null, null);
  }

  /** How many indices have expectations, listed or not. */
  public int totalExpectations() {
    return expectationCount != null ? expectationCount : expectations.size();
  }

  /** Whether {@code expectations} holds every one (else read them from {@code expectationEvidence}). */
  public boolean allExpectationsListed() {
    return totalExpectations() <= expectations.size();
  }

  /** This result as a payload: the first {@link #LISTED} expectations, the count and where all are stored. */
  public SnapshotResult bounded(StoredEvidence evidence) {
    return new SnapshotResult(snapshot, List.copyOf(expectations.subList(0, Math.min(expectations.size(), LISTED))),
        expectationsExact, previousSnapshotStart, totalExpectations(), expectations.size() > LISTED ? evidence : null);
  }

  /** This result of {@code info} (the same snapshot, its index names bounded or read back). */
  public SnapshotResult withSnapshot(SnapshotInfo info) {
    return new SnapshotResult(info, expectations, expectationsExact, previousSnapshotStart, expectationCount, expectationEvidence);
  }

  /** This result with every expectation, as read back from the report store. */
  public SnapshotResult withAllExpectations(List<IndexExpectation> all) {
    return new SnapshotResult(snapshot, all, expectationsExact, previousSnapshotStart, all.size(), null);
  }
}

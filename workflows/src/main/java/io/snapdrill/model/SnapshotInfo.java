package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot as the source cluster reports it. Its index names would be some 100 KB at 5,000 indices,
 * in SNAPSHOT's result and again in every request that carries the snapshot (provision, restore,
 * verify) and in the drill's result: a payload names at most {@link #LISTED} of them, counts them all
 * and the report store holds every name, which RESTORE and VERIFY read back.
 *
 * @param indices the index names listed: every one in payloads recorded before the bound (and whenever
 *     there are no more), else the first {@link #LISTED}, sorted
 * @param product "elasticsearch" or "opensearch": the restore host runs the same product
 * @param version the source cluster's version: the restore host runs the same version
 * @param indexCount how many indices the snapshot holds, listed or not; null in payloads recorded before it
 * @param indexEvidence every index name, in the report store, when not all are listed; else null
 */
public record SnapshotInfo(
    String repository,
    String name,
    String uuid,
    String state,
    Instant startTime,
    Instant endTime,
    List<String> indices,
    String product,
    String version,
    Integer indexCount,
    StoredEvidence indexEvidence) {

  /** Index names a payload lists; with more, all are in the report store. */
  public static final int LISTED = 20;

  public SnapshotInfo {
    indices = indices == null ? List.of() : indices;
  }

  /** A snapshot with every index name, before it is bounded for a payload. */
  public SnapshotInfo(String repository, String name, String uuid, String state, Instant startTime, Instant endTime,
      List<String> indices, String product, String version) {
    this(repository, name, uuid, state, startTime, endTime, indices, product, version, null, null);
  }

  /** How many indices the snapshot holds, listed or not. */
  public int totalIndices() {
    return indexCount != null ? indexCount : indices.size();
  }

  /** Whether {@code indices} names every one (else read them from {@code indexEvidence}). */
  public boolean allIndicesListed() {
    return totalIndices() <= indices.size();
  }

  /** This snapshot as a payload: the first {@link #LISTED} names, the count and where all are stored (null when all are listed). */
  public SnapshotInfo bounded(StoredEvidence evidence) {
    return new SnapshotInfo(repository, name, uuid, state, startTime, endTime,
        List.copyOf(indices.subList(0, Math.min(indices.size(), LISTED))), product, version, totalIndices(),
        indices.size() > LISTED ? evidence : null);
  }

  /** This snapshot with every index name, as read back from the report store. */
  public SnapshotInfo withAllIndices(List<String> all) {
    return new SnapshotInfo(repository, name, uuid, state, startTime, endTime, all, product, version, all.size(), null);
  }
}

package io.snapdrill.activities.storage;

import io.snapdrill.activities.blob.HiddenBlobScan;
import io.snapdrill.activities.repository.RepositoryReader;

/**
 * AUDIT_STORAGE's heartbeat details: where the delete-marker scan of each bucket stands, so that a
 * retried attempt lists only the pages the attempt before did not, and, once both are done, how far
 * working out which snapshots need the hidden keys went, so that it reads only the metadata of the
 * snapshots not yet worked out. Any may be null (not started; {@code needs}: also in details recorded
 * before it existed). Bounded: each position carries at most {@link HiddenBlobScan#CARRY_LIMIT}
 * estimated bytes of keys, {@code needs} at most {@link RepositoryReader.NeedsPosition#CARRY_LIMIT}.
 */
public record AuditProgress(HiddenBlobScan.Position primary, HiddenBlobScan.Position replica,
    RepositoryReader.NeedsPosition needs) {

  public AuditProgress(HiddenBlobScan.Position primary, HiddenBlobScan.Position replica) {
    this(primary, replica, null);
  }
}

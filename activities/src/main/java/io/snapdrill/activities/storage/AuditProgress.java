package io.snapdrill.activities.storage;

import io.snapdrill.activities.blob.HiddenBlobScan;

/**
 * AUDIT_STORAGE's heartbeat details: where the delete-marker scan of each bucket stands, so that a
 * retried attempt lists only the pages the attempt before did not. Either may be null (not started).
 * Bounded: each position carries at most {@link HiddenBlobScan#CARRY_LIMIT} estimated bytes of keys.
 */
public record AuditProgress(HiddenBlobScan.Position primary, HiddenBlobScan.Position replica) {}

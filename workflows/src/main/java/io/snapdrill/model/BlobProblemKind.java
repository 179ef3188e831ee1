package io.snapdrill.model;

public enum BlobProblemKind {
  MISSING,
  WRONG_SIZE,
  HIDDEN_BY_DELETE_MARKER,
  /** The replica's newest root index-N is older than the primary's. */
  STALE_ROOT,
  /**
   * Present with the right size in GLACIER or DEEP_ARCHIVE: GetObject answers InvalidObjectState
   * until each blob is restored, so waiting for replication cannot fix it.
   */
  ARCHIVED
}

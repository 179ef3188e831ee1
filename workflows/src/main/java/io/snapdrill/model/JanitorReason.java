package io.snapdrill.model;

/** Why the janitor terminates a restore host. */
public enum JanitorReason {
  /** Its {@code snapdrill:expires-at} passed (or cannot be read: only Snapdrill writes that tag). */
  EXPIRED,
  /** Its owning workflow is closed or unknown to Temporal (or the host names no owning workflow). */
  ORPHANED
}

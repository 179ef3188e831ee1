package io.snapdrill.model;

/** Why the janitor terminates a restore host. */
public enum JanitorReason {
  /**
   * Its {@code snapdrill:expires-at} passed (or cannot be read: only Snapdrill writes that tag) and no running
   * drill owns it.
   */
  EXPIRED,
  /** It has run longer than {@code restoreHost.hardCap}, far beyond any restore: terminated even if its drill runs. */
  HARD_CAP,
  /** Its owning workflow is closed or unknown to Temporal (or the host names no owning workflow). */
  ORPHANED
}

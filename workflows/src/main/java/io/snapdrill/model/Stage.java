package io.snapdrill.model;

/** The stages of a drill, in the order a drill runs them (docs/design.md). */
public enum Stage {
  SNAPSHOT,
  CONFIRM_REPLICATION,
  AUDIT_STORAGE,
  PROVISION_HOST,
  RESTORE,
  VERIFY,
  TEARDOWN,
  REPORT
}

package io.snapdrill.model;

/** What a drill may do about delete markers that hide blobs a snapshot needs. */
public enum HealPolicy {
  /** Report only (the default): removing delete markers changes a production bucket. */
  NEVER,
  /** Remove the delete markers whose previous version exists, then re-audit. */
  AUTO,
  /** Wait for an operator's decision (workflow update {@code decideHeal}) up to a deadline. */
  ASK
}

package io.snapdrill.model;

public enum LifecycleVerdict {
  /** Expires or archives repository blobs: restores break. */
  HAZARD,
  /** Does not break a restore today but removes what healing needs (noncurrent-version expiry). */
  WARNING,
  SAFE
}

package io.snapdrill.model;

public enum StageStatus {
  PENDING,
  RUNNING,
  PASSED,
  FAILED,
  SKIPPED,
  CANCELED
}

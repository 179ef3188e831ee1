package io.snapdrill.model;

public enum DrillOutcome {
  RUNNING,
  PASSED,
  FAILED,
  CANCELED
}

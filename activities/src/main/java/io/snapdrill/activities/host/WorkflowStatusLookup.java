package io.snapdrill.activities.host;

/** Asks Temporal whether the workflow that owns a restore host still runs. */
@FunctionalInterface
public interface WorkflowStatusLookup {

  /** True while the latest run of {@code workflowId} is running; false when it closed or Temporal does not know it. */
  boolean isRunning(String workflowId);
}

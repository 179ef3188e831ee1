package io.snapdrill.worker.temporal;

import io.snapdrill.model.HealPolicy;
import java.time.Duration;

/**
 * What one start of a drill asks for beyond the configuration (the command line's options). A null
 * field takes the configuration's value, and failing that the built-in default.
 *
 * @param snapshot an existing snapshot (name or UUID) to drill instead of taking a new one
 * @param workflowId the drill's workflow id instead of the one derived from cluster and snapshot or time
 */
public record DrillOverrides(String snapshot, HealPolicy heal, Duration replicationDeadline,
    Duration healDecisionDeadline, String workflowId) {

  public static final DrillOverrides NONE = new DrillOverrides(null, null, null, null, null);
}

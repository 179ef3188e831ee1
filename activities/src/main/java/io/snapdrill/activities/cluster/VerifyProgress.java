package io.snapdrill.activities.cluster;

import io.snapdrill.model.IndexVerdict;
import java.util.List;

/**
 * VERIFY's heartbeat details: the verdicts so far, so a retried attempt (the worker died, or one
 * request outlived the heartbeat timeout) goes on from the next index instead of the first.
 */
public record VerifyProgress(List<IndexVerdict> verdicts) {
  public VerifyProgress {
    verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
  }
}

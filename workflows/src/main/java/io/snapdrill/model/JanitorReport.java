package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * One janitor run.
 *
 * @param checkedAt the (workflow) time expiry was judged against
 * @param terminated hosts found expired or orphaned, with what their termination answered
 * @param kept hosts still owned by a running workflow and within their TTL
 */
public record JanitorReport(Instant checkedAt, List<JanitorAction> terminated, List<RestoreHostRecord> kept) {

  /** True when every host the janitor decided to terminate was terminated. */
  public boolean clean() {
    return terminated.stream().allMatch(a -> a.termination() != null && a.termination().terminated());
  }
}

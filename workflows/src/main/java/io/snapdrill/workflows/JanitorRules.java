package io.snapdrill.workflows;

import io.snapdrill.model.JanitorReason;
import io.snapdrill.model.RestoreHostRecord;
import java.time.Instant;
import java.util.Set;

/** The janitor's decision for one host. Pure: the workflow calls it with its own deterministic time. */
public final class JanitorRules {

  /** A decision to terminate, with the facts behind it. */
  public record Verdict(JanitorReason reason, String why) {}

  private JanitorRules() {}

  /**
   * EXPIRED when the TTL passed (an unreadable expiry counts as passed: only Snapdrill writes the tag),
   * else ORPHANED when the owning workflow is closed or not named; null when the host is to be kept.
   */
  public static Verdict judge(RestoreHostRecord host, Set<String> closedWorkflowIds, Instant now) {
    if (host.expiresAt() != null && !host.expiresAt().isAfter(now)) {
      return new Verdict(JanitorReason.EXPIRED, "snapdrill:expires-at " + host.expiresAt() + " passed (now " + now + ")");
    }
    if (host.expiresAt() == null && host.expiresAtTag() != null) {
      return new Verdict(JanitorReason.EXPIRED, "snapdrill:expires-at '" + host.expiresAtTag() + "' is not an ISO instant");
    }
    if (host.workflowId() == null || host.workflowId().isBlank()) {
      return new Verdict(JanitorReason.ORPHANED, "the host has no snapdrill:workflow-id tag, so no drill can own it");
    }
    if (closedWorkflowIds.contains(host.workflowId())) {
      return new Verdict(JanitorReason.ORPHANED, "owning workflow " + host.workflowId() + " is not running");
    }
    return null;
  }
}

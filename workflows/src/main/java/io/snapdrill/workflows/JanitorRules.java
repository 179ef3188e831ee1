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
   * Janitors that spare live drills: a host past its hard cap is terminated whatever its drill does; a host
   * whose drill still runs is kept though its expiry passed (a restore may outlast the TTL, and killing its
   * host would make the drill start the restore again on a new one); otherwise EXPIRED when the TTL passed
   * (an unreadable expiry counts as passed: only Snapdrill writes the tag), else ORPHANED when the owning
   * workflow is closed or not named. Null when the host is to be kept.
   */
  public static Verdict judge(RestoreHostRecord host, Set<String> closedWorkflowIds, Instant now) {
    String owner = host.workflowId();
    boolean ownerRuns = owner != null && !owner.isBlank() && !closedWorkflowIds.contains(owner);
    if (host.hardCapAt() != null && !host.hardCapAt().isAfter(now)) {
      return new Verdict(JanitorReason.HARD_CAP, "launched " + host.launchedAt() + ", past restoreHost.hardCap at "
          + host.hardCapAt() + (ownerRuns ? " though drill " + owner + " still runs" : "") + " (now " + now + ")");
    }
    Verdict expired = expiry(host, now);
    if (expired != null && !ownerRuns) {
      return expired;
    }
    return ownership(host, closedWorkflowIds);
  }

  /**
   * Janitors started before {@code getVersion("janitor-spares-live-drills")}: the TTL alone decides, and a
   * long restore loses its host. Kept so their histories replay.
   */
  static Verdict judgeByTtlAlone(RestoreHostRecord host, Set<String> closedWorkflowIds, Instant now) {
    Verdict expired = expiry(host, now);
    return expired != null ? expired : ownership(host, closedWorkflowIds);
  }

  private static Verdict expiry(RestoreHostRecord host, Instant now) {
    if (host.expiresAt() != null && !host.expiresAt().isAfter(now)) {
      return new Verdict(JanitorReason.EXPIRED, "snapdrill:expires-at " + host.expiresAt() + " passed (now " + now + ")");
    }
    if (host.expiresAt() == null && host.expiresAtTag() != null) {
      return new Verdict(JanitorReason.EXPIRED, "snapdrill:expires-at '" + host.expiresAtTag() + "' is not an ISO instant");
    }
    return null;
  }

  private static Verdict ownership(RestoreHostRecord host, Set<String> closedWorkflowIds) {
    if (host.workflowId() == null || host.workflowId().isBlank()) {
      return new Verdict(JanitorReason.ORPHANED, "the host has no snapdrill:workflow-id tag, so no drill can own it");
    }
    if (closedWorkflowIds.contains(host.workflowId())) {
      return new Verdict(JanitorReason.ORPHANED, "owning workflow " + host.workflowId() + " is not running");
    }
    return null;
  }
}

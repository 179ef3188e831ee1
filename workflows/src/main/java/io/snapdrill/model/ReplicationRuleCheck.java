package io.snapdrill.model;

/**
 * The primary bucket's replication rule that covers the repository prefix.
 *
 * @param deleteMarkerReplication whether delete markers are replicated (lifecycle-expiry markers never are)
 * @param replicationTimeControl whether S3 RTC (15-minute SLA) is enabled
 */
public record ReplicationRuleCheck(
    String primaryBucket,
    String replicaBucket,
    String ruleId,
    boolean deleteMarkerReplication,
    boolean replicationTimeControl) {}

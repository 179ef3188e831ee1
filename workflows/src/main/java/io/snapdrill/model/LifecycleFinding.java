package io.snapdrill.model;

/**
 * The verdict on one lifecycle rule of one bucket.
 *
 * @param reason why the rule can (or cannot) touch repository keys, and which action is the problem
 * @param fix what to do, for hazards and warnings
 */
public record LifecycleFinding(
    String bucket, String ruleId, LifecycleVerdict verdict, String reason, String fix) {}

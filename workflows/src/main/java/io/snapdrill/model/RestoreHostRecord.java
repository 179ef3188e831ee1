package io.snapdrill.model;

import java.time.Instant;

/**
 * A restore host as the janitor finds it in EC2, read from its Snapdrill tags.
 *
 * @param hostId the EC2 instance id
 * @param state EC2 instance state name (pending, running, stopping, stopped)
 * @param workflowId the owning drill's workflow id ({@code snapdrill:workflow-id}), or null when the tag is missing
 * @param expiresAt when the host's TTL ends ({@code snapdrill:expires-at}), or null when the tag is missing
 * @param expiresAtTag the raw tag value, kept so a report can show an unreadable one
 * @param hardCapAt when the janitor terminates the host even though its drill still runs (launch time plus
 *     {@code restoreHost.hardCap}); null from a worker that predates the hard cap
 */
public record RestoreHostRecord(
    String hostId,
    String state,
    String hostKey,
    String workflowId,
    String cluster,
    Instant expiresAt,
    String expiresAtTag,
    Instant launchedAt,
    String instanceType,
    String availabilityZone,
    boolean spot,
    Instant hardCapAt) {}

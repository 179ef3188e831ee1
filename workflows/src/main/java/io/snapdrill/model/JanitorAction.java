package io.snapdrill.model;

/**
 * One host the janitor decided to terminate.
 *
 * @param why the facts behind the reason (expiry instant, owning workflow id)
 * @param termination what EC2 answered
 */
public record JanitorAction(RestoreHostRecord host, JanitorReason reason, String why, HostTermination termination) {}

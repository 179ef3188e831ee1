package io.snapdrill.model;

/**
 * Tear a restore host down. Works from the key alone when the launch call never answered (worker
 * crash mid-launch): the host is found by its idempotency-key tag.
 *
 * @param hostId the host, when provisioning returned one; null otherwise
 */
public record TeardownRequest(String hostKey, String drillId, String cluster, String hostId) {}

package io.snapdrill.model;

/**
 * Launch a restore host.
 *
 * @param hostKey idempotency key chosen by the workflow (from {@code Workflow.randomUUID()}): the EC2
 *     client token and the tag teardown finds the host by, so a retried launch never starts twice
 * @param drillId the owning workflow id, tagged on the host for the janitor
 * @param snapshot the host runs the snapshot's product and version
 */
public record ProvisionRequest(String hostKey, String drillId, String cluster, SnapshotInfo snapshot) {}

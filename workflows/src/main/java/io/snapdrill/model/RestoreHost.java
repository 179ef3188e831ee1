package io.snapdrill.model;

import java.time.Instant;

/**
 * A disposable node that restores the snapshot.
 *
 * @param provider "ec2" or "local"
 * @param hostId EC2 instance id, or the local node's name
 * @param endpoint the restore cluster's HTTP endpoint
 * @param spot whether the host runs on spot capacity
 * @param pricePerHourUsd the spot (or on-demand) price used, or null when unknown or local
 */
public record RestoreHost(
    String hostKey,
    String provider,
    String hostId,
    String endpoint,
    String instanceType,
    String availabilityZone,
    boolean spot,
    Double pricePerHourUsd,
    Instant launchedAt) {}

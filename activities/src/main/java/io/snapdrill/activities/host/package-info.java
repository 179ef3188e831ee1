/**
 * What every restore host provider shares: whether a node answers ({@link io.snapdrill.activities.host.ClusterProbe}),
 * whether a host still exists ({@link io.snapdrill.activities.host.RestoreHostLiveness}) and whether the workflow
 * owning a host still runs ({@link io.snapdrill.activities.host.WorkflowStatusLookup}). The providers live in
 * {@code host.ec2} (a spot instance in the DR region) and {@code host.local} (a node on this machine); they may use
 * this package, never the other way round, and never each other.
 */
package io.snapdrill.activities.host;

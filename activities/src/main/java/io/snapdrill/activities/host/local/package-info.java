/**
 * The restore host of local mode: {@link io.snapdrill.activities.host.local.LocalRestoreHostActivities} starts
 * a node on this machine (see {@code node}) over a copy of the replica's blobs, its state kept on disk under a
 * {@link io.snapdrill.activities.host.local.HostKeyLock} so another worker sharing the work root can adopt it.
 */
package io.snapdrill.activities.host.local;

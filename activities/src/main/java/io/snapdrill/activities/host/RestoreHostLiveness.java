package io.snapdrill.activities.host;

import io.snapdrill.model.RestoreHost;

/**
 * Whether a restore host still exists. RESTORE uses it when the host stops answering: a host that is
 * gone (spot interruption) is RESTORE_HOST_LOST and gets replaced; one that is alive but silent is not.
 */
@FunctionalInterface
public interface RestoreHostLiveness {

  /** False when the host is gone or going (terminated, shutting down, stopped, unknown to its provider). */
  boolean hostAlive(RestoreHost host);
}

package io.snapdrill.activities.host;

import io.snapdrill.model.RestoreHost;

/**
 * Keeps a restore host's expiry ahead of a restore that makes progress, so that what reads only the host's
 * tags (the EC2 console, an account's own cleanup) does not take a long restore's host for abandoned.
 * The janitor itself also asks Temporal whether the drill runs.
 */
@FunctionalInterface
public interface RestoreHostLease {

  /** Hosts whose expiry nothing reads (local nodes die with their drill). */
  RestoreHostLease NONE = host -> {};

  /** Called at each sign of progress; cheap to call often (implementations decide when to write). Never throws. */
  void renew(RestoreHost host);
}

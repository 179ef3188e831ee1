package io.snapdrill.activities.cluster;

/** The cluster did not answer (refused, timed out, DNS): transient, so activities retry it. */
public class ClusterUnreachableException extends RuntimeException {
  public ClusterUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}

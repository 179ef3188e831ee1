package io.snapdrill.activities.cluster;

/** The cluster answered a request with an error status. */
public class ClusterRequestException extends RuntimeException {
  private final int status;
  private final String body;

  public ClusterRequestException(String message, int status, String body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }
}

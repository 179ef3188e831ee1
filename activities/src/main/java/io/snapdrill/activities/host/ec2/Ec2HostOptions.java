package io.snapdrill.activities.host.ec2;

import io.snapdrill.activities.host.ClusterProbe;
import io.snapdrill.activities.host.HttpClusterProbe;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * How the EC2 restore host code waits and where it looks for the node.
 *
 * @param pollInterval pause between two EC2 state checks or readiness probes
 * @param runningTimeout how long an instance may stay pending before it counts as lost
 * @param readyTimeout how long a running instance may take to install and start its node
 * @param terminatedTimeout how long teardown waits for "terminated" before failing (and being retried)
 * @param endpointForPrivateIp the node's HTTP endpoint from the instance's private IP
 */
public record Ec2HostOptions(
    Duration pollInterval,
    Duration runningTimeout,
    Duration readyTimeout,
    Duration terminatedTimeout,
    Function<String, URI> endpointForPrivateIp,
    ClusterProbe probe) {

  public static final int HTTP_PORT = 9200;

  public static Ec2HostOptions defaults() {
    return new Ec2HostOptions(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(20),
        Duration.ofMinutes(10), ip -> URI.create("http://" + ip + ":" + HTTP_PORT),
        new HttpClusterProbe(Duration.ofSeconds(5)));
  }

  public Ec2HostOptions withPollInterval(Duration interval) {
    return new Ec2HostOptions(interval, runningTimeout, readyTimeout, terminatedTimeout, endpointForPrivateIp, probe);
  }

  public Ec2HostOptions withTimeouts(Duration running, Duration ready, Duration terminated) {
    return new Ec2HostOptions(pollInterval, running, ready, terminated, endpointForPrivateIp, probe);
  }

  /** Waits {@link #pollInterval} between two checks. */
  void pause() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the restore host", e);
    }
  }

  public Ec2HostOptions withEndpoint(Function<String, URI> endpoint, ClusterProbe probe) {
    return new Ec2HostOptions(pollInterval, runningTimeout, readyTimeout, terminatedTimeout, endpoint, probe);
  }
}

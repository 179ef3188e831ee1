package io.snapdrill.activities.host;

import io.snapdrill.model.RestoreHost;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * EC2 liveness: alive while the instance is pending or running. A spot interruption shows up here as
 * shutting-down or terminated within seconds, and the teardown of such a host returns at once.
 * EC2 errors propagate: "could not ask" is not "gone".
 */
public final class Ec2HostLiveness implements RestoreHostLiveness {
  private final Ec2ClientFactory clients;
  private final String region;

  public Ec2HostLiveness(Ec2ClientFactory clients, String region) {
    this.clients = clients;
    this.region = region;
  }

  @Override
  public boolean hostAlive(RestoreHost host) {
    return new Ec2Hosts(clients.ec2(region)).byId(host.hostId())
        .map(i -> i.state() != null
            && (i.state().name() == InstanceStateName.RUNNING || i.state().name() == InstanceStateName.PENDING))
        .orElse(false);
  }
}

package io.snapdrill.activities.host.ec2;

import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.host.RestoreHostLiveness;
import io.snapdrill.model.RestoreHost;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * EC2 liveness: alive while the instance is pending or running. A spot interruption shows up here as
 * shutting-down or terminated within seconds, and the teardown of such a host returns at once.
 * EC2 errors propagate: "could not ask" is not "gone".
 */
public final class Ec2HostLiveness implements RestoreHostLiveness {
  private final AwsClients aws;
  private final String region;

  public Ec2HostLiveness(AwsClients aws, String region) {
    this.aws = aws;
    this.region = region;
  }

  @Override
  public boolean hostAlive(RestoreHost host) {
    return new Ec2Hosts(aws.ec2(AwsClientSettings.region(region))).byId(host.hostId())
        .map(i -> i.state() != null
            && (i.state().name() == InstanceStateName.RUNNING || i.state().name() == InstanceStateName.PENDING))
        .orElse(false);
  }
}

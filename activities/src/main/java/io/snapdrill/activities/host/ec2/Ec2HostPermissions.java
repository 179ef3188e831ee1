package io.snapdrill.activities.host.ec2;

import java.util.List;
import java.util.Optional;

/**
 * Every IAM action the EC2 restore host code needs from the worker's role, with what it is for. The EC2
 * tests fail when the code calls an action missing here (the EC2 stub records each {@code Action=}), and
 * infra-terraform's checks fail when the worker role does not grant one: a launch never meets an IAM
 * gap for the first time in a real account. Failure messages name the grant from here.
 */
public final class Ec2HostPermissions {

  /** One action the worker's role must allow. */
  public record Grant(String action, String usedFor) {}

  public static final List<Grant> WORKER = List.of(
      new Grant("ec2:RunInstances", "launching the restore host"),
      new Grant("ec2:CreateTags", "tagging the host, its spot request and its root volume at launch; moving a restoring host's expiry forward"),
      new Grant("iam:PassRole", "handing the restore host's instance profile role to the instance"),
      new Grant("ec2:DescribeImages", "the AMI's root device, which the resized root volume is mapped under"),
      new Grant("ec2:DescribeSubnets", "the availability zone of each configured subnet"),
      new Grant("ec2:DescribeInstances", "waiting for the host, adopting a host an earlier attempt launched, the janitor"),
      new Grant("ec2:DescribeSpotPriceHistory", "the host's cost in the drill report"),
      new Grant("ec2:TerminateInstances", "teardown and the janitor"),
      new Grant("ec2:CancelSpotInstanceRequests", "teardown and the janitor: a spot request can never start another host"),
      new Grant("ssm:GetParameter", "resolving restoreHost.amiSsmParameter to an AMI id"));

  private Ec2HostPermissions() {}

  /** The grant for an action such as "ec2:DescribeImages", if the EC2 code is known to call it. */
  public static Optional<Grant> grant(String action) {
    return WORKER.stream().filter(g -> g.action().equalsIgnoreCase(action)).findFirst();
  }
}

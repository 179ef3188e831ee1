package io.snapdrill.activities.host.ec2;

import io.snapdrill.model.FailureType;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * EC2 and SSM errors that no retry can fix because the worker's role lacks a grant (or the account
 * cannot use the service yet). AWS answers them as client errors (EC2's UnauthorizedOperation and
 * AuthFailure*, SSM's AccessDeniedException); retried as transient they would only delay the same
 * answer and end as a raw SDK failure. Provisioning and teardown turn them into CONFIGURATION_INVALID
 * naming the action and the grant; a drill whose teardown was refused hands the host to a
 * HostTeardownWorkflow, which tries again every half hour, so a grant fixed meanwhile still saves it.
 */
final class Ec2Refusals {
  /** The answer to a spot launch when the account has no spot service-linked role and may not create one. */
  static final String SPOT_ROLE_NOT_PERMITTED = "AuthFailure.ServiceLinkedRoleCreationNotPermitted";

  private Ec2Refusals() {}

  /** The call, with a permission refusal turned into a non-retryable failure naming {@code action}. */
  static <T> T call(String action, String region, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      if (permissionDenied(e)) {
        throw failure(action, region, e);
      }
      throw e;
    }
  }

  static boolean permissionDenied(AwsServiceException e) {
    String code = Ec2Hosts.code(e);
    return code.equals("UnauthorizedOperation") || code.equals("AuthFailure") || code.startsWith("AuthFailure.")
        || code.equals("AccessDeniedException") || code.equals("OptInRequired") || code.equals("Blocked")
        || code.equals("PendingVerification");
  }

  static RuntimeException failure(String action, String region, AwsServiceException e) {
    String code = Ec2Hosts.code(e);
    String missing;
    if (code.equals(SPOT_ROLE_NOT_PERMITTED)) {
      // infra-terraform keeps iam:CreateServiceLinkedRole from the worker on purpose: the role is created once.
      missing = "the account has no spot service-linked role (AWSServiceRoleForEC2Spot) and the worker's role may not "
          + "create it: create it once with `aws iam create-service-linked-role --aws-service-name spot.amazonaws.com` "
          + "(or grant the worker iam:CreateServiceLinkedRole with iam:AWSServiceName spot.amazonaws.com)";
    } else if (code.equals("OptInRequired") || code.equals("Blocked") || code.equals("PendingVerification")) {
      missing = "the account cannot use this service in " + region + " yet (opt-in, verification or a block): "
          + "AWS Support or the account's owner must lift it";
    } else {
      missing = "the worker's role needs " + action + Ec2HostPermissions.grant(action).map(g -> " (" + g.usedFor() + ")")
          .orElse("") + " in " + region
          + (action.equals("ec2:RunInstances")
              ? ", with ec2:CreateTags at launch and iam:PassRole of the restore host's role, on the instance, spot "
                  + "request, volume, subnet, security group, network interface and image ARNs; the policy also refuses "
                  + "instance types outside its restore_host_instance_types (restoreHost.instanceTypes must be among "
                  + "them) and launches without IMDSv2 required"
              : "")
          + "; infra-terraform's modules/iam grants it (docs/operations.md lists every grant). An encoded message in "
          + "the answer can be read with `aws sts decode-authorization-message`";
    }
    return FailureType.CONFIGURATION_INVALID.failure(
        action + " was refused with " + code + ": " + Ec2Hosts.message(e) + "; " + missing);
  }
}

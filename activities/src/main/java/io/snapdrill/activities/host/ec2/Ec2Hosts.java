package io.snapdrill.activities.host.ec2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/** The EC2 calls teardown, provisioning and the janitor share. */
final class Ec2Hosts {
  private static final Logger log = LoggerFactory.getLogger(Ec2Hosts.class);

  /** States of an instance that still costs money or may still start. */
  static final List<String> NOT_TERMINATED = List.of("pending", "running", "stopping", "stopped");

  private final Ec2Client ec2;

  Ec2Hosts(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  Ec2Client client() {
    return ec2;
  }

  /** Launches one instance; with a client token EC2 answers a repeated call with the first call's instance. */
  Instance ec2RunInstances(RunInstancesRequest request) {
    return ec2.runInstances(request).instances().get(0);
  }

  /**
   * The instances with these ids that EC2 knows. Filtering by instance-id, unlike listing ids, answers
   * an empty list instead of InvalidInstanceID.NotFound for an instance that is long gone or not yet
   * visible (EC2 is eventually consistent right after RunInstances).
   */
  List<Instance> byIds(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return describe(Filter.builder().name("instance-id").values(ids).build());
  }

  Optional<Instance> byId(String id) {
    return byIds(List.of(id)).stream().findFirst();
  }

  /** Every instance launched under this host key, terminated ones included. */
  List<Instance> byHostKey(String hostKey) {
    return describe(Filter.builder().name("tag:" + RestoreHostTags.HOST_KEY).values(hostKey).build());
  }

  /** Instances launched with this RunInstances client token. */
  List<Instance> byClientToken(String clientToken) {
    return describe(Filter.builder().name("client-token").values(clientToken).build());
  }

  /** Every Snapdrill restore host of this Temporal namespace that is not terminated. */
  List<Instance> snapdrillHosts(String namespace) {
    return describe(
        Filter.builder().name("tag-key").values(RestoreHostTags.HOST_KEY).build(),
        Filter.builder().name("tag:" + RestoreHostTags.NAMESPACE).values(namespace).build(),
        Filter.builder().name("instance-state-name").values(NOT_TERMINATED).build());
  }

  private List<Instance> describe(Filter... filters) {
    List<Instance> instances = new ArrayList<>();
    for (Reservation reservation :
        ec2.describeInstancesPaginator(DescribeInstancesRequest.builder().filters(filters).build()).reservations()) {
      instances.addAll(reservation.instances());
    }
    return instances;
  }

  /**
   * Terminates the instance and cancels its spot request. Returns the state EC2 reports afterwards,
   * "already gone" when EC2 no longer knows the instance. Other errors propagate.
   */
  String terminate(Instance instance) {
    String state;
    try {
      state = ec2.terminateInstances(r -> r.instanceIds(instance.instanceId())).terminatingInstances().stream()
          .findFirst().map(c -> c.currentState().nameAsString()).orElse("unknown");
    } catch (AwsServiceException e) {
      if (!"InvalidInstanceID.NotFound".equals(code(e))) {
        throw e;
      }
      state = "already gone";
    }
    cancelSpotRequest(instance);
    return state;
  }

  /** A one-time spot request closes with its instance; cancelling makes sure it can never start another. */
  private void cancelSpotRequest(Instance instance) {
    String request = instance.spotInstanceRequestId();
    if (request == null || request.isBlank()) {
      return;
    }
    try {
      ec2.cancelSpotInstanceRequests(r -> r.spotInstanceRequestIds(request));
    } catch (AwsServiceException e) {
      if (!"InvalidSpotInstanceRequestID.NotFound".equals(code(e))) {
        throw e;
      }
      log.debug("spot request {} of {} is already gone", request, instance.instanceId());
    }
  }

  static boolean terminated(Instance instance) {
    return instance.state() != null && instance.state().name() == InstanceStateName.TERMINATED;
  }

  static String state(Instance instance) {
    return instance.state() == null ? "unknown" : instance.state().nameAsString();
  }

  static String tag(Instance instance, String key) {
    return instance.tags().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
        ? e.awsErrorDetails().errorCode()
        : "HTTP " + e.statusCode();
  }

  static String message(AwsServiceException e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
        ? e.awsErrorDetails().errorMessage()
        : e.getMessage();
  }
}

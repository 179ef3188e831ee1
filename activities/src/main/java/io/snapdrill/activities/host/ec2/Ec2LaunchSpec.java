package io.snapdrill.activities.host.ec2;

import io.snapdrill.activities.config.RestoreHostConfig.Ec2Settings;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ProvisionRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.SpotMarketOptions;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * What every launch of one provisionHost call has in common (AMI, root volume, user data, tags and the
 * restoreHost settings), and the RunInstances request for one instance type and subnet from it.
 */
final class Ec2LaunchSpec {
  private final Ec2Settings config;
  private final String ami;
  private final BlockDeviceMapping rootVolume;
  private final String userData;
  private final List<Tag> tags;

  Ec2LaunchSpec(Ec2Settings config, String ami, BlockDeviceMapping rootVolume, String userData, List<Tag> tags) {
    this.config = config;
    this.ami = ami;
    this.rootVolume = rootVolume;
    this.userData = userData;
    this.tags = List.copyOf(tags);
  }

  /** One-time spot (terminated on interruption) or on-demand, as the candidate says; IMDSv2 only. */
  RunInstancesRequest request(LaunchCandidate candidate, String clientToken) {
    RunInstancesRequest.Builder run = RunInstancesRequest.builder()
        .imageId(ami)
        .instanceType(candidate.instanceType())
        .minCount(1)
        .maxCount(1)
        .clientToken(clientToken)
        .userData(userData)
        .blockDeviceMappings(rootVolume)
        .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
        .metadataOptions(InstanceMetadataOptionsRequest.builder().httpTokens(HttpTokensState.REQUIRED).build());
    List<TagSpecification> tagSpecs = new ArrayList<>();
    tagSpecs.add(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build());
    // The root volume too: a volume left by a failed launch or a manual detach is found and billed by these tags.
    tagSpecs.add(TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build());
    if (candidate.spot()) {
      run.instanceMarketOptions(InstanceMarketOptionsRequest.builder()
          .marketType(MarketType.SPOT)
          .spotOptions(SpotMarketOptions.builder()
              .spotInstanceType(SpotInstanceType.ONE_TIME)
              .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE)
              .build())
          .build());
      tagSpecs.add(TagSpecification.builder().resourceType(ResourceType.SPOT_INSTANCES_REQUEST).tags(tags).build());
    }
    run.tagSpecifications(tagSpecs);
    if (candidate.subnetId() != null) {
      run.subnetId(candidate.subnetId());
    }
    if (!config.securityGroups().isEmpty()) {
      run.securityGroupIds(config.securityGroups());
    }
    if (config.instanceProfile() != null && !config.instanceProfile().isBlank()) {
      String profile = config.instanceProfile().trim();
      run.iamInstanceProfile(profile.startsWith("arn:")
          ? IamInstanceProfileSpecification.builder().arn(profile).build()
          : IamInstanceProfileSpecification.builder().name(profile).build());
    }
    if (config.keyName() != null && !config.keyName().isBlank()) {
      run.keyName(config.keyName());
    }
    return run.build();
  }

  /**
   * The root volume, resized: the restored indices live on it. Mapped under the AMI's own root device
   * name, since a mapping under any other name would add a second, unused volume and leave the root
   * at the AMI's few GiB.
   */
  static BlockDeviceMapping rootVolume(Ec2Client ec2, Ec2Settings config, String ami) {
    String device;
    try {
      device = Ec2Refusals.call("ec2:DescribeImages", config.region(), () -> ec2.describeImages(r -> r.imageIds(ami)))
          .images().stream()
          .map(Image::rootDeviceName).filter(d -> d != null && !d.isBlank()).findFirst().orElse(null);
    } catch (AwsServiceException e) {
      if (!Ec2Hosts.code(e).startsWith("InvalidAMIID")) {
        throw e;
      }
      device = null;
    }
    if (device == null) {
      throw FailureType.CONFIGURATION_INVALID.failure("AMI " + ami + " does not exist in " + config.region()
          + " (or names no root device); check restoreHost.amiId or restoreHost.amiSsmParameter");
    }
    return BlockDeviceMapping.builder()
        .deviceName(device)
        .ebs(EbsBlockDevice.builder()
            .volumeSize(config.rootVolumeGiB())
            .volumeType(VolumeType.GP3)
            .encrypted(true)
            .deleteOnTermination(true)
            .build())
        .build();
  }

  /** The tags the janitor and teardown find a host by, on the instance and on its spot request. */
  static List<Tag> tags(ProvisionRequest request, String namespace, Instant expiresAt) {
    return List.of(
        tag(RestoreHostTags.NAMESPACE, namespace),
        tag(RestoreHostTags.WORKFLOW_ID, request.drillId()),
        tag(RestoreHostTags.CLUSTER, request.cluster()),
        tag(RestoreHostTags.HOST_KEY, request.hostKey()),
        tag(RestoreHostTags.EXPIRES_AT, expiresAt.toString()),
        tag(RestoreHostTags.NAME, "snapdrill-restore-" + request.cluster()));
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value == null ? "" : value).build();
  }
}

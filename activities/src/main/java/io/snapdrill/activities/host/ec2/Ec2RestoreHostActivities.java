package io.snapdrill.activities.host.ec2;

import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.RestoreHostConfig;
import io.snapdrill.activities.config.RestoreHostConfig.Ec2Settings;
import io.snapdrill.activities.config.RestoreHostProvider;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.SpotPrice;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The restore host as a spot EC2 instance in the DR region (restoreHost.provider: ec2).
 *
 * <p>Launching never starts two hosts for one host key: every RunInstances call carries a client token
 * derived from the key and the attempt, the attempt in progress is in the heartbeat details, and an
 * instance already carrying the key's tag is adopted instead of launching another. Teardown finds the
 * host by id or by that tag, so it works even when the launch call never answered.
 */
public class Ec2RestoreHostActivities implements RestoreHostActivities {
  private static final Logger log = LoggerFactory.getLogger(Ec2RestoreHostActivities.class);

  /** Used when the config names neither an AMI nor an SSM parameter. */
  public static final String DEFAULT_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

  /** This type or zone has no capacity for us now; the next candidate may. */
  static final Set<String> CAPACITY_ERRORS = Set.of(
      "InsufficientInstanceCapacity",
      "InsufficientCapacity",
      "SpotMaxPriceTooLow",
      "UnfulfillableCapacity",
      "MaxSpotInstanceCountExceeded",
      "InsufficientFreeAddressesInSubnet",
      // the instance type is not offered in this zone
      "Unsupported",
      // on-demand quotas: an on-demand candidate cannot run now, a smaller type still may
      "InstanceLimitExceeded",
      "VcpuLimitExceeded");
  /** The account's spot limit: no other spot candidate can succeed, only on-demand. */
  static final String SPOT_LIMIT = "MaxSpotInstanceCountExceeded";
  /** The subnet is out of addresses: every other candidate in it would fail the same way. */
  static final String SUBNET_FULL = "InsufficientFreeAddressesInSubnet";
  /** Errors that retrying cannot fix: the configuration (or the account's permissions) must change. */
  private static final Set<String> CONFIGURATION_ERRORS =
      Set.of("MissingParameter", "IdempotentParameterMismatch");
  /**
   * Refusals of one instance type that another type may not meet: an arm64 type with an x86_64 AMI
   * (InvalidParameterValue, "The architecture 'arm64' of the specified instance type does not match the
   * architecture 'x86_64' of the specified AMI"), a type that does not support the AMI's boot mode or
   * virtualization type (InvalidParameterCombination). Every other Invalid* code names something all
   * candidates share (security group, subnet, key pair, AMI) and ends the launch at once.
   */
  static final Set<String> INSTANCE_TYPE_REFUSALS = Set.of("InvalidParameterValue", "InvalidParameterCombination");

  private final ClusterDirectory clusters;
  private final AwsClients aws;
  private final Ec2HostOptions options;
  private final Clock clock;

  public Ec2RestoreHostActivities(ClusterDirectory clusters, AwsClients aws) {
    this(clusters, aws, Ec2HostOptions.defaults(), Clock.systemUTC());
  }

  public Ec2RestoreHostActivities(
      ClusterDirectory clusters, AwsClients aws, Ec2HostOptions options, Clock clock) {
    this.clusters = clusters;
    this.aws = aws;
    this.options = options;
    this.clock = clock;
  }

  @Override
  public RestoreHost provisionHost(ProvisionRequest request) {
    Ec2Settings config = ec2Config(clusters);
    if (request.hostKey() == null || request.hostKey().isBlank()) {
      throw FailureType.STAGE_ERROR.failure("provisionHost needs a hostKey: without one a retry could launch twice");
    }
    ClusterConfig cluster = clusters.cluster(request.cluster());
    if (request.snapshot() == null) {
      throw FailureType.STAGE_ERROR.failure("provisionHost for drill " + request.drillId() + " names no snapshot");
    }
    ActivityExecutionContext context = Activity.getExecutionContext();
    ProvisionProgress resumed = context.getHeartbeatDetails(ProvisionProgress.class).orElse(null);
    Ec2Client ec2 = aws.ec2(AwsClientSettings.region(config.region()));
    Ec2Hosts hosts = new Ec2Hosts(ec2);

    String userData = UserDataTemplate.base64(UserDataTemplate.render(
        request.snapshot().product(), request.snapshot().version(),
        cluster.storage().replica().region(), cluster.restore().maxBytesPerSec()));
    Map<String, String> zones = subnetZones(ec2, config);
    String ami = resumed != null && resumed.amiId() != null ? resumed.amiId() : resolveAmi(config);
    List<Tag> tags = Ec2LaunchSpec.tags(request, context.getInfo().getNamespace(), expiresAt(context, config.ttl()));
    List<LaunchCandidate> candidates = candidates(config);
    Launch launch = new Launch(request, config, context, hosts, ami,
        new ArrayList<>(resumed == null ? List.of() : resumed.attempts()));
    int next = resumed == null ? 0 : resumed.candidateIndex();

    Optional<Instance> earlier =
        Ec2Refusals.call("ec2:DescribeInstances", config.region(), () -> adoptable(hosts, request.hostKey(), resumed));
    if (earlier.isPresent()) {
      Instance instance = earlier.get();
      log.info("host key {}: resuming with {} launched by an earlier attempt", request.hostKey(), instance.instanceId());
      LaunchCandidate candidate =
          new LaunchCandidate(instance.instanceTypeAsString(), instance.subnetId(), isSpot(instance));
      RestoreHost host = launch.bringUp(next, candidate, instance, zones.get(instance.subnetId()));
      if (host != null) {
        return host;
      }
      if (resumed != null && instance.instanceId().equals(resumed.instanceId())) {
        next++;
      }
    }

    // Only a launch needs it: adopting an earlier attempt's host must work even if the AMI is gone since.
    Ec2LaunchSpec spec = new Ec2LaunchSpec(config, ami, Ec2LaunchSpec.rootVolume(ec2, config, ami), userData, tags);
    Set<String> fullSubnets = new HashSet<>();
    Set<String> refusedTypes = new HashSet<>();
    boolean onlyRefusedTypes = true;
    boolean spotLimitReached = false;
    for (int i = next; i < candidates.size(); i++) {
      LaunchCandidate candidate = candidates.get(i);
      String zone = zones.get(candidate.subnetId());
      if (candidate.subnetId() != null && fullSubnets.contains(candidate.subnetId())) {
        launch.attempts.add(candidate.describe(zone) + ": skipped, the subnet has no free addresses");
        continue;
      }
      if (refusedTypes.contains(candidate.instanceType())) {
        continue; // its refusal is already among the attempts, once
      }
      if (candidate.spot() && spotLimitReached) {
        launch.attempts.add(candidate.describe(zone) + ": skipped, the account's spot instance limit is reached");
        continue;
      }
      launch.heartbeat(new ProvisionProgress(i, "launching", null, ami, launch.attempts));
      Instance instance;
      try {
        instance = runInstance(hosts, spec, candidate, request.hostKey());
      } catch (AwsServiceException e) {
        String code = Ec2Hosts.code(e);
        if (Ec2Refusals.permissionDenied(e)) {
          throw Ec2Refusals.failure(Ec2Refusals.SPOT_ROLE_NOT_PERMITTED.equals(code)
              ? "iam:CreateServiceLinkedRole" : "ec2:RunInstances", config.region(), e);
        }
        if (INSTANCE_TYPE_REFUSALS.contains(code)) {
          refusedTypes.add(candidate.instanceType());
          launch.attempts.add(candidate.describe(zone) + ": " + code + ": " + Ec2Hosts.message(e)
              + "; " + candidate.instanceType() + " is not tried again");
          continue;
        }
        if (!CAPACITY_ERRORS.contains(code)) {
          throw launchError(config, candidate, zone, e);
        }
        onlyRefusedTypes = false;
        launch.attempts.add(candidate.describe(zone) + ": " + code + ": " + Ec2Hosts.message(e));
        if (SUBNET_FULL.equals(code) && candidate.subnetId() != null) {
          fullSubnets.add(candidate.subnetId());
        }
        spotLimitReached |= SPOT_LIMIT.equals(code);
        continue;
      }
      onlyRefusedTypes = false;
      RestoreHost host = launch.bringUp(i, candidate, instance, zone);
      if (host != null) {
        return host;
      }
    }
    if (onlyRefusedTypes && !refusedTypes.isEmpty()) {
      throw FailureType.CONFIGURATION_INVALID.failure("EC2 refused every instance type of restoreHost.instanceTypes "
          + config.instanceTypes() + " with AMI " + ami + " in " + config.region() + ":\n  - "
          + String.join("\n  - ", launch.attempts) + "\nName instance types of the AMI's architecture in "
          + "restoreHost.instanceTypes (or an AMI of theirs in restoreHost.amiId/amiSsmParameter).");
    }
    throw FailureType.SPOT_CAPACITY_UNAVAILABLE.failure(
        "no restore host for drill " + request.drillId() + " (cluster " + request.cluster() + ") could be launched in "
            + config.region() + "; tried:\n  - " + String.join("\n  - ", launch.attempts) + "\n"
            + (config.onDemandFallback()
                ? "Add instance types or subnets in other availability zones to restoreHost, or retry later."
                : "Add instance types or subnets in other availability zones to restoreHost, or set "
                    + "restoreHost.onDemandFallback: true."),
        List.copyOf(launch.attempts));
  }

  @Override
  public TeardownReport teardownHost(TeardownRequest request) {
    Ec2Settings config = ec2Config(clusters);
    return new Ec2Teardown(new Ec2Hosts(aws.ec2(AwsClientSettings.region(config.region()))), options, clock)
        .terminate(request, Activity.getExecutionContext());
  }

  /** Everything one provisionHost call tries, with what each failed attempt answered. */
  private final class Launch {
    final ProvisionRequest request;
    final Ec2Settings config;
    final ActivityExecutionContext context;
    final Ec2Hosts hosts;
    final String ami;
    final List<String> attempts;

    Launch(ProvisionRequest request, Ec2Settings config, ActivityExecutionContext context, Ec2Hosts hosts,
        String ami, List<String> attempts) {
      this.request = request;
      this.config = config;
      this.context = context;
      this.hosts = hosts;
      this.ami = ami;
      this.attempts = attempts;
    }

    void heartbeat(ProvisionProgress progress) {
      context.heartbeat(progress);
    }

    /** Waits for the instance and its node; null (and an attempt noted) when the instance was lost. */
    RestoreHost bringUp(int index, LaunchCandidate candidate, Instance launched, String zone) {
      String id = launched.instanceId();
      String what = candidate.describe(zone) + ": launched " + id;
      Instant deadline = clock.instant().plus(options.runningTimeout());
      Instance running = null;
      while (running == null) {
        heartbeat(new ProvisionProgress(index, "starting", id, ami, attempts));
        // Right after RunInstances EC2 may not list the instance yet: that reads as still pending.
        Instance now = hosts.byId(id).orElse(launched);
        InstanceStateName state = now.state() == null ? InstanceStateName.PENDING : now.state().name();
        if (state == InstanceStateName.RUNNING) {
          running = now;
        } else if (state != InstanceStateName.PENDING) {
          attempts.add(what + " but it became " + Ec2Hosts.state(now) + reason(now));
          hosts.terminate(now);
          return null;
        } else if (clock.instant().isAfter(deadline)) {
          attempts.add(what + " but it stayed pending for " + options.runningTimeout() + "; terminated it");
          hosts.terminate(now);
          return null;
        } else {
          options.pause();
        }
      }
      if (running.privateIpAddress() == null) {
        throw new IllegalStateException(id + " is running but EC2 reports no private IP yet; retrying");
      }
      URI endpoint = options.endpointForPrivateIp().apply(running.privateIpAddress());
      Instant readyBy = clock.instant().plus(options.readyTimeout());
      while (!options.probe().answers(endpoint)) {
        Optional<Instance> now = hosts.byId(id);
        if (now.isPresent() && now.get().state() != null && now.get().state().name() != InstanceStateName.RUNNING) {
          attempts.add(what + " but it became " + Ec2Hosts.state(now.get()) + reason(now.get())
              + " while its node was being installed");
          hosts.terminate(now.get());
          return null;
        }
        if (clock.instant().isAfter(readyBy)) {
          throw FailureType.STAGE_ERROR.failure("restore host " + id + " (" + candidate.describe(zone) + ", " + ami
              + ") is running but its " + request.snapshot().product() + " " + request.snapshot().version()
              + " node did not answer at " + endpoint + " within " + options.readyTimeout()
              + "; /var/log/snapdrill-bootstrap.log on the host says why (also in its console output). "
              + "The drill's teardown terminates it.");
        }
        heartbeat(new ProvisionProgress(index, "installing", id, ami, attempts));
        options.pause();
      }
      String az = running.placement() != null ? running.placement().availabilityZone() : zone;
      boolean spot = isSpot(running);
      Double price = spot
          ? spotPrice(hosts, running.instanceTypeAsString(), az)
          : config.onDemandPricePerHourUsd().get(running.instanceTypeAsString());
      log.info("host key {}: {} ({} in {}, {}) answers at {}", request.hostKey(), id, running.instanceTypeAsString(),
          az, spot ? "spot $" + price + "/h" : "on-demand", endpoint);
      return new RestoreHost(request.hostKey(), RestoreHostProvider.EC2.id(), id, endpoint.toString(), running.instanceTypeAsString(),
          az, spot, price, running.launchTime() != null ? running.launchTime() : clock.instant());
    }

    private Double spotPrice(Ec2Hosts hosts, String instanceType, String az) {
      try {
        return hosts.client()
            .describeSpotPriceHistory(r -> r.instanceTypesWithStrings(instanceType).availabilityZone(az)
                .productDescriptions("Linux/UNIX").startTime(clock.instant()))
            .spotPriceHistory().stream()
            .filter(p -> p.spotPrice() != null)
            .max(Comparator.comparing(SpotPrice::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())))
            .map(p -> Double.valueOf(p.spotPrice()))
            .orElse(null);
      } catch (SdkException | NumberFormatException e) {
        // The price only feeds the cost estimate; a host without one is still a good host.
        log.warn("no spot price for {} in {}: {}", instanceType, az, e.getMessage());
        return null;
      }
    }
  }

  private static Instance runInstance(Ec2Hosts hosts, Ec2LaunchSpec spec, LaunchCandidate candidate, String hostKey) {
    String token = candidate.clientToken(hostKey);
    try {
      return hosts.ec2RunInstances(spec.request(candidate, token));
    } catch (AwsServiceException e) {
      if ("IdempotentParameterMismatch".equals(Ec2Hosts.code(e))) {
        // An earlier attempt used this token with other parameters (the AMI parameter moved on, the
        // config changed): whatever it launched is this attempt's instance.
        Optional<Instance> earlier = hosts.byClientToken(token).stream().findFirst();
        if (earlier.isPresent()) {
          return earlier.get();
        }
      }
      throw e;
    }
  }

  private static Optional<Instance> adoptable(Ec2Hosts hosts, String hostKey, ProvisionProgress resumed) {
    if (resumed != null && resumed.instanceId() != null) {
      Optional<Instance> known = hosts.byId(resumed.instanceId()).filter(i -> !Ec2Hosts.terminated(i));
      if (known.isPresent()) {
        return known;
      }
    }
    return hosts.byHostKey(hostKey).stream()
        .filter(i -> i.state() != null
            && (i.state().name() == InstanceStateName.PENDING || i.state().name() == InstanceStateName.RUNNING))
        .findFirst();
  }

  private RuntimeException launchError(Ec2Settings config, LaunchCandidate candidate, String zone, AwsServiceException e) {
    String code = Ec2Hosts.code(e);
    if (code.startsWith("Invalid") || CONFIGURATION_ERRORS.contains(code)) {
      // A subnet, security group, key pair, profile or AMI every candidate shares: no other candidate can do better.
      return FailureType.CONFIGURATION_INVALID.failure("RunInstances of " + candidate.describe(zone) + " in "
          + config.region() + " was refused with " + code + ": " + Ec2Hosts.message(e)
          + "; check restoreHost (instanceTypes, subnets, securityGroups, instanceProfile, amiId/amiSsmParameter, keyName)"
          + " and the worker role's ec2:RunInstances, ec2:CreateTags and iam:PassRole permissions");
    }
    return e;
  }

  static List<LaunchCandidate> candidates(Ec2Settings config) {
    List<String> subnets = config.subnets().isEmpty() ? java.util.Collections.singletonList(null) : config.subnets();
    List<LaunchCandidate> candidates = new ArrayList<>();
    for (boolean spot : config.onDemandFallback() ? List.of(true, false) : List.of(true)) {
      for (String type : config.instanceTypes()) {
        for (String subnet : subnets) {
          candidates.add(new LaunchCandidate(type, subnet, spot));
        }
      }
    }
    return candidates;
  }

  private Map<String, String> subnetZones(Ec2Client ec2, Ec2Settings config) {
    if (config.subnets().isEmpty()) {
      return new LinkedHashMap<>(); // looked up with a null subnet: Map.of() would throw
    }
    try {
      Map<String, String> zones = new LinkedHashMap<>();
      Ec2Refusals.call("ec2:DescribeSubnets", config.region(), () -> ec2.describeSubnets(r -> r.subnetIds(config.subnets())))
          .subnets()
          .forEach(s -> zones.put(s.subnetId(), s.availabilityZone()));
      return zones;
    } catch (AwsServiceException e) {
      if (Ec2Hosts.code(e).startsWith("InvalidSubnet")) {
        throw FailureType.CONFIGURATION_INVALID.failure("restoreHost.subnets " + config.subnets() + " in "
            + config.region() + ": " + Ec2Hosts.code(e) + ": " + Ec2Hosts.message(e));
      }
      throw e;
    }
  }

  private String resolveAmi(Ec2Settings config) {
    if (config.amiId() != null && !config.amiId().isBlank()) {
      return config.amiId().trim();
    }
    String parameter = config.amiSsmParameter() != null && !config.amiSsmParameter().isBlank()
        ? config.amiSsmParameter().trim()
        : DEFAULT_AMI_PARAMETER;
    try {
      return Ec2Refusals.call("ssm:GetParameter", config.region(),
          () -> aws.ssm(AwsClientSettings.region(config.region())).getParameter(r -> r.name(parameter))).parameter().value();
    } catch (ParameterNotFoundException e) {
      throw FailureType.CONFIGURATION_INVALID.failure("restoreHost.amiSsmParameter " + parameter
          + " does not exist in " + config.region() + "; name a public AMI parameter such as "
          + DEFAULT_AMI_PARAMETER + " or set restoreHost.amiId");
    }
  }

  /**
   * The host's expiry, counted from when the workflow first scheduled this activity: the same on every
   * retry, so a retried RunInstances carries the same tags as the first and its client token still
   * matches.
   */
  private Instant expiresAt(ActivityExecutionContext context, Duration ttl) {
    long scheduled = context.getInfo().getScheduledTimestamp();
    Instant base = scheduled > 0 ? Instant.ofEpochMilli(scheduled) : clock.instant();
    return base.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
  }

  static boolean isSpot(Instance instance) {
    return instance.instanceLifecycle() == InstanceLifecycleType.SPOT;
  }

  private static String reason(Instance instance) {
    return instance.stateReason() != null && instance.stateReason().message() != null
        ? " (" + instance.stateReason().message() + ")"
        : "";
  }

  /** The EC2 restore host configuration; a clear non-retryable failure when this worker is not set up for it. */
  static Ec2Settings ec2Config(ClusterDirectory clusters) {
    RestoreHostConfig host = clusters.config().restoreHost();
    if (host.provider() != RestoreHostProvider.EC2) {
      throw FailureType.CONFIGURATION_INVALID.failure(
          "restoreHost.provider is " + host.provider().id() + ", but these are the EC2 restore host activities; "
              + "register the local provider's activities or set restoreHost.provider: ec2");
    }
    Ec2Settings config = host.ec2();
    if (config.region() == null || config.region().isBlank()) {
      throw FailureType.CONFIGURATION_INVALID.failure("restoreHost.region is required for provider ec2 (the DR region)");
    }
    if (config.instanceTypes().isEmpty()) {
      throw FailureType.CONFIGURATION_INVALID.failure(
          "restoreHost.instanceTypes is empty: name at least one instance type for the restore host");
    }
    return config;
  }
}

package io.snapdrill.activities.host.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.describeImages;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.describeInstances;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.describeSubnets;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.error;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.requests;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.runInstances;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.spotPrice;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.ssmParameter;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.tagsFor;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.terminateInstances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.host.HttpClusterProbe;
import io.snapdrill.activities.host.ec2.Ec2QueryApi.Ec2Instance;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** provisionHost against a local endpoint answering the EC2 Query API, run as a real activity. */
class Ec2ProvisionHostTest {
  private static final String HOST_KEY = "3f2b8a9e-4c1d-4e8f-9a7b-6c5d4e3f2a1b";
  private static final String DRILL = "drill-logs-Xh3_uuid";
  private static final List<String> TYPES = List.of("m6i.xlarge", "r6i.xlarge");
  private static final List<String> SUBNETS = List.of("subnet-a", "subnet-b");
  /** EC2's answer to RunInstances of an arm64 instance type with an x86_64 AMI. */
  private static final String ARCHITECTURE_MISMATCH = "The architecture 'arm64' of the specified instance type does not"
      + " match the architecture 'x86_64' of the specified AMI. Specify an instance type and an AMI that have matching"
      + " architectures, and try again.";

  private static WireMockServer ec2;
  private TestActivityEnvironment env;
  private final List<ProvisionProgress> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startEndpoint() {
    ec2 = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    ec2.start();
  }

  @AfterAll
  static void stopEndpoint() {
    ec2.stop();
  }

  @BeforeEach
  void reset() {
    ec2.resetAll();
    env = TestActivityEnvironment.newInstance();
    env.setActivityHeartbeatListener(ProvisionProgress.class, heartbeats::add);
    ec2.stubFor(ec2("DescribeSubnets").willReturn(describeSubnets(Map.of("subnet-a", "us-west-2a", "subnet-b", "us-west-2b"))));
    ec2.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
        .willReturn(ssmParameter(Ec2RestoreHostActivities.DEFAULT_AMI_PARAMETER, "ami-0from0ssm0parameter")));
    // No instance carries the host key yet: nothing to adopt.
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Name", equalTo("tag:" + RestoreHostTags.HOST_KEY))
        .willReturn(describeInstances()));
    ec2.stubFor(ec2("DescribeSpotPriceHistory").willReturn(spotPrice("m6i.xlarge", "us-west-2a", "0.0712")));
    ec2.stubFor(ec2("DescribeImages").willReturn(describeImages("ami-0from0ssm0parameter", "/dev/xvda")));
    ec2.stubFor(get(urlEqualTo("/_cluster/health"))
        .willReturn(aResponse().withStatus(200).withBody("{\"cluster_name\":\"snapdrill-restore\",\"status\":\"green\"}")));
  }

  @AfterEach
  void closeEnvironment() {
    env.close();
    Ec2QueryApi.assertEveryActionDeclared(ec2);
  }

  static MappingBuilder ec2(String action) {
    return post(urlEqualTo("/")).withFormParam("Action", equalTo(action));
  }

  private RestoreHostActivities activities(ClusterDirectory directory) {
    URI node = URI.create("http://127.0.0.1:" + ec2.port());
    Ec2HostOptions options = Ec2HostOptions.defaults()
        .withPollInterval(Duration.ofMillis(20))
        .withEndpoint(ip -> node, new HttpClusterProbe(Duration.ofSeconds(2)));
    env.registerActivitiesImplementations(
        new Ec2RestoreHostActivities(directory, Ec2QueryApi.clients(ec2), options, Clock.systemUTC()));
    return env.newActivityStub(RestoreHostActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
  }

  private static ProvisionRequest request() {
    return new ProvisionRequest(HOST_KEY, DRILL, Ec2TestConfig.CLUSTER, Ec2TestConfig.snapshot());
  }

  private static void running(String id, String type, String az, String subnet) {
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Name", equalTo("instance-id"))
        .withFormParam("Filter.1.Value.1", equalTo(id))
        .willReturn(describeInstances(Ec2Instance.spot(id, "running", type, az, subnet))));
  }

  private static List<String> attempted() {
    List<String> attempts = new ArrayList<>();
    for (Map<String, String> run : requests(ec2, "RunInstances")) {
      String attempt = run.get("InstanceType") + "/" + run.get("SubnetId") + "/"
          + (run.containsKey("InstanceMarketOptions.MarketType") ? "spot" : "on-demand");
      if (attempts.isEmpty() || !attempts.get(attempts.size() - 1).equals(attempt)) {
        attempts.add(attempt);
      }
    }
    return attempts;
  }

  @Test
  void launchesOneSpotHostWithTagsClientTokenAndUserData(@TempDir Path tmp) throws Exception {
    ec2.stubFor(ec2("RunInstances")
        .willReturn(runInstances(Ec2Instance.spot("i-0aaa", "pending", "m6i.xlarge", "us-west-2a", "subnet-a"))));
    // The node answers only on the second probe: provisioning waits for it.
    ec2.stubFor(get(urlEqualTo("/_cluster/health")).inScenario("node").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    ec2.stubFor(get(urlEqualTo("/_cluster/health")).inScenario("node").whenScenarioStateIs("up")
        .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"green\"}")));
    // Right after launch EC2 does not list the instance yet (eventual consistency), then it runs.
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Name", equalTo("instance-id"))
        .inScenario("instance").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(describeInstances()).willSetStateTo("listed"));
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Name", equalTo("instance-id"))
        .inScenario("instance").whenScenarioStateIs("listed")
        .willReturn(describeInstances(Ec2Instance.spot("i-0aaa", "running", "m6i.xlarge", "us-west-2a", "subnet-a"))));
    Instant before = Instant.now();

    RestoreHost host = activities(Ec2TestConfig.directory(TYPES, SUBNETS, false)).provisionHost(request());

    assertThat(host).isEqualTo(new RestoreHost(HOST_KEY, "ec2", "i-0aaa", "http://127.0.0.1:" + ec2.port(),
        "m6i.xlarge", "us-west-2a", true, 0.0712, Instant.parse("2026-11-22T05:00:00Z")));
    List<Map<String, String>> runs = requests(ec2, "RunInstances");
    assertThat(runs).hasSize(1);
    Map<String, String> run = runs.get(0);
    assertThat(run).containsEntry("ImageId", "ami-0from0ssm0parameter")
        .containsEntry("InstanceType", "m6i.xlarge")
        .containsEntry("SubnetId", "subnet-a")
        .containsEntry("MinCount", "1")
        .containsEntry("MaxCount", "1")
        .containsEntry("SecurityGroupId.1", "sg-restore")
        .containsEntry("IamInstanceProfile.Name", "snapdrill-restore-host")
        .containsEntry("InstanceInitiatedShutdownBehavior", "terminate")
        .containsEntry("MetadataOptions.HttpTokens", "required")
        .containsEntry("InstanceMarketOptions.MarketType", "spot")
        .containsEntry("InstanceMarketOptions.SpotOptions.SpotInstanceType", "one-time")
        .containsEntry("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "terminate")
        // The root volume holds the restored indices: resized under the AMI's root device, never kept after the host.
        .containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/xvda")
        .containsEntry("BlockDeviceMapping.1.Ebs.VolumeSize", "100")
        .containsEntry("BlockDeviceMapping.1.Ebs.VolumeType", "gp3")
        .containsEntry("BlockDeviceMapping.1.Ebs.Encrypted", "true")
        .containsEntry("BlockDeviceMapping.1.Ebs.DeleteOnTermination", "true")
        .doesNotContainKey("BlockDeviceMapping.2.DeviceName");
    assertThat(requests(ec2, "DescribeImages")).singleElement()
        .satisfies(d -> assertThat(d).containsEntry("ImageId.1", "ami-0from0ssm0parameter"));

    String token = run.get("ClientToken");
    assertThat(token).hasSizeLessThanOrEqualTo(64).matches("\\p{ASCII}+").startsWith(HOST_KEY)
        .isEqualTo(new LaunchCandidate("m6i.xlarge", "subnet-a", true).clientToken(HOST_KEY))
        .isNotEqualTo(new LaunchCandidate("m6i.xlarge", "subnet-b", true).clientToken(HOST_KEY))
        .isNotEqualTo(new LaunchCandidate("m6i.xlarge", "subnet-a", false).clientToken(HOST_KEY));

    Map<String, String> instanceTags = tagsFor(run, "instance");
    assertThat(instanceTags).containsEntry(RestoreHostTags.WORKFLOW_ID, DRILL)
        .containsEntry(RestoreHostTags.NAMESPACE, "default")
        .containsEntry(RestoreHostTags.CLUSTER, "logs")
        .containsEntry(RestoreHostTags.HOST_KEY, HOST_KEY)
        .containsEntry(RestoreHostTags.NAME, "snapdrill-restore-logs")
        .containsKey(RestoreHostTags.EXPIRES_AT);
    Instant expiresAt = Instant.parse(instanceTags.get(RestoreHostTags.EXPIRES_AT));
    assertThat(expiresAt).isBetween(before.plus(Duration.ofHours(6)).minusSeconds(60), Instant.now().plus(Duration.ofHours(6)));
    assertThat(tagsFor(run, "spot-instances-request")).isEqualTo(instanceTags);
    assertThat(tagsFor(run, "volume")).isEqualTo(instanceTags);

    String script = new String(Base64.getDecoder().decode(run.get("UserData")), StandardCharsets.UTF_8);
    assertThat(script)
        .isEqualTo(UserDataTemplate.render("elasticsearch", "8.15.3", "us-west-2", "500mb"))
        .startsWith("#!/bin/bash")
        .contains("PRODUCT='elasticsearch'", "VERSION='8.15.3'", "S3_ENDPOINT='s3.us-west-2.amazonaws.com'",
            "RECOVERY_MAX_BYTES_PER_SEC='500mb'", "discovery.type: single-node", "/proc/meminfo")
        .doesNotContain("@@");
    assertThat(UserDataTemplateTest.bashSyntaxErrors(script, tmp)).isEmpty();

    assertThat(requests(ec2, "DescribeSpotPriceHistory")).singleElement().satisfies(p -> assertThat(p)
        .containsEntry("InstanceType.1", "m6i.xlarge").containsEntry("AvailabilityZone", "us-west-2a")
        .containsEntry("ProductDescription.1", "Linux/UNIX"));
    assertThat(ec2.findAll(getRequestedFor(urlEqualTo("/_cluster/health")))).hasSize(2);
    // The SDK throttles heartbeats, so only the first is sure to reach the service in a short test.
    assertThat(heartbeats).first().isEqualTo(new ProvisionProgress(0, "launching", null, "ami-0from0ssm0parameter", List.of()));
  }

  @Test
  void aCapacityErrorMovesToTheNextZoneAndTypeAndAFullSubnetIsSkipped() {
    ec2.stubFor(ec2("RunInstances").withFormParam("InstanceType", equalTo("m6i.xlarge"))
        .withFormParam("SubnetId", equalTo("subnet-a"))
        .willReturn(error(400, "InsufficientFreeAddressesInSubnet", "There are not enough free addresses in subnet 'subnet-a'")));
    ec2.stubFor(ec2("RunInstances").withFormParam("InstanceType", equalTo("m6i.xlarge"))
        .withFormParam("SubnetId", equalTo("subnet-b"))
        .willReturn(error(500, "InsufficientInstanceCapacity", "We currently do not have sufficient m6i.xlarge capacity in us-west-2b")));
    ec2.stubFor(ec2("RunInstances").withFormParam("InstanceType", equalTo("r6i.xlarge"))
        .withFormParam("SubnetId", equalTo("subnet-b"))
        .willReturn(runInstances(Ec2Instance.spot("i-0bbb", "pending", "r6i.xlarge", "us-west-2b", "subnet-b"))));
    running("i-0bbb", "r6i.xlarge", "us-west-2b", "subnet-b");

    RestoreHost host = activities(Ec2TestConfig.directory(TYPES, SUBNETS, false)).provisionHost(request());

    assertThat(host.hostId()).isEqualTo("i-0bbb");
    assertThat(host.instanceType()).isEqualTo("r6i.xlarge");
    assertThat(host.availabilityZone()).isEqualTo("us-west-2b");
    // r6i.xlarge in subnet-a is never asked for: that subnet has no addresses left.
    assertThat(attempted()).containsExactly("m6i.xlarge/subnet-a/spot", "m6i.xlarge/subnet-b/spot", "r6i.xlarge/subnet-b/spot");
    // The SDK retried the 500 of one attempt: every retry of that attempt carried the same client token.
    List<String> tokensOfRetriedAttempt = requests(ec2, "RunInstances").stream()
        .filter(r -> r.get("SubnetId").equals("subnet-b") && r.get("InstanceType").equals("m6i.xlarge"))
        .map(r -> r.get("ClientToken")).toList();
    assertThat(tokensOfRetriedAttempt).hasSizeGreaterThan(1).containsOnly(tokensOfRetriedAttempt.get(0));
    assertThat(requests(ec2, "RunInstances").stream().map(r -> r.get("ClientToken")).distinct()).hasSize(3);
  }

  @Test
  void fallsBackToOnDemandAfterTheAccountsSpotLimit() {
    ec2.stubFor(ec2("RunInstances").withFormParam("InstanceMarketOptions.MarketType", equalTo("spot")).atPriority(1)
        .willReturn(error(400, "MaxSpotInstanceCountExceeded", "Max spot instance count exceeded")));
    ec2.stubFor(ec2("RunInstances").atPriority(5)
        .willReturn(runInstances(Ec2Instance.spot("i-0ccc", "pending", "m6i.xlarge", "us-west-2a", "subnet-a").onDemand())));
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Name", equalTo("instance-id"))
        .willReturn(describeInstances(Ec2Instance.spot("i-0ccc", "running", "m6i.xlarge", "us-west-2a", "subnet-a").onDemand())));

    RestoreHost host = activities(Ec2TestConfig.directory(TYPES, SUBNETS, true)).provisionHost(request());

    assertThat(host.spot()).isFalse();
    // EC2 has no API for the on-demand price of an instance: it comes from restoreHost.onDemandPricePerHourUsd.
    assertThat(host.pricePerHourUsd()).isEqualTo(0.192);
    assertThat(host.hostId()).isEqualTo("i-0ccc");
    // The spot limit is account-wide: no other spot attempt is made before on-demand.
    assertThat(attempted()).containsExactly("m6i.xlarge/subnet-a/spot", "m6i.xlarge/subnet-a/on-demand");
    Map<String, String> onDemand = requests(ec2, "RunInstances").get(requests(ec2, "RunInstances").size() - 1);
    assertThat(onDemand.keySet()).noneMatch(k -> k.startsWith("InstanceMarketOptions"));
    assertThat(tagsFor(onDemand, "instance")).containsEntry(RestoreHostTags.HOST_KEY, HOST_KEY);
    assertThat(tagsFor(onDemand, "spot-instances-request")).isEmpty();
    assertThat(requests(ec2, "DescribeSpotPriceHistory")).isEmpty();
  }

  @Test
  void everyTypeAndZoneFailingIsSpotCapacityUnavailableNamingEachAttempt() {
    ec2.stubFor(ec2("RunInstances").withFormParam("InstanceType", equalTo("m6i.xlarge"))
        .willReturn(error(500, "InsufficientInstanceCapacity", "no m6i capacity")));
    ec2.stubFor(ec2("RunInstances").withFormParam("InstanceType", equalTo("r6i.xlarge"))
        .willReturn(error(400, "UnfulfillableCapacity", "no r6i capacity")));

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class,
        () -> activities(Ec2TestConfig.directory(TYPES, SUBNETS, false)).provisionHost(request()));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureType.SPOT_CAPACITY_UNAVAILABLE.name());
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).contains(
        "m6i.xlarge in us-west-2a (subnet-a) spot: InsufficientInstanceCapacity: no m6i capacity",
        "m6i.xlarge in us-west-2b (subnet-b) spot: InsufficientInstanceCapacity: no m6i capacity",
        "r6i.xlarge in us-west-2a (subnet-a) spot: UnfulfillableCapacity: no r6i capacity",
        "r6i.xlarge in us-west-2b (subnet-b) spot: UnfulfillableCapacity: no r6i capacity",
        "restoreHost.onDemandFallback: true", DRILL);
    assertThat(attempted()).hasSize(4);
  }

  @Test
  void aSpotHostInterruptedWhileStartingIsTerminatedAndTheNextZoneTried() {
    ec2.stubFor(ec2("RunInstances").withFormParam("SubnetId", equalTo("subnet-a"))
        .willReturn(runInstances(Ec2Instance.spot("i-0lost", "pending", "m6i.xlarge", "us-west-2a", "subnet-a"))));
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Value.1", equalTo("i-0lost"))
        .willReturn(describeInstances(Ec2Instance.spot("i-0lost", "pending", "m6i.xlarge", "us-west-2a", "subnet-a")
            .withState("shutting-down", "Server.SpotInstanceTermination: Spot instance termination"))));
    ec2.stubFor(ec2("TerminateInstances").willReturn(terminateInstances("i-0lost", "shutting-down", "shutting-down")));
    ec2.stubFor(ec2("CancelSpotInstanceRequests").willReturn(Ec2QueryApi.cancelSpotRequests("sir-0lost")));
    ec2.stubFor(ec2("RunInstances").withFormParam("SubnetId", equalTo("subnet-b"))
        .willReturn(runInstances(Ec2Instance.spot("i-0ddd", "pending", "m6i.xlarge", "us-west-2b", "subnet-b"))));
    running("i-0ddd", "m6i.xlarge", "us-west-2b", "subnet-b");

    RestoreHost host = activities(Ec2TestConfig.directory(TYPES, SUBNETS, false)).provisionHost(request());

    assertThat(host.hostId()).isEqualTo("i-0ddd");
    assertThat(requests(ec2, "TerminateInstances")).singleElement()
        .satisfies(t -> assertThat(t).containsEntry("InstanceId.1", "i-0lost"));
    assertThat(attempted()).containsExactly("m6i.xlarge/subnet-a/spot", "m6i.xlarge/subnet-b/spot");
  }

  @Test
  void aLostHostIsNamedInTheFinalFailure() {
    ec2.stubFor(ec2("RunInstances")
        .willReturn(runInstances(Ec2Instance.spot("i-0lost", "pending", "m6i.xlarge", "us-west-2a", "subnet-a"))));
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Value.1", equalTo("i-0lost"))
        .willReturn(describeInstances(Ec2Instance.spot("i-0lost", "terminated", "m6i.xlarge", "us-west-2a", "subnet-a")
            .withState("terminated", "Server.SpotInstanceTermination: Spot instance termination"))));
    ec2.stubFor(ec2("TerminateInstances").willReturn(terminateInstances("i-0lost", "terminated", "terminated")));
    ec2.stubFor(ec2("CancelSpotInstanceRequests").willReturn(Ec2QueryApi.cancelSpotRequests("sir-0lost")));

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class,
        () -> activities(Ec2TestConfig.directory(List.of("m6i.xlarge"), List.of("subnet-a"), false)).provisionHost(request()));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureType.SPOT_CAPACITY_UNAVAILABLE.name());
    assertThat(cause.getOriginalMessage()).contains(
        "m6i.xlarge in us-west-2a (subnet-a) spot: launched i-0lost but it became terminated (Server.SpotInstanceTermination");
  }

  @Test
  void aRetryAdoptsTheHostAnEarlierAttemptLaunchedInsteadOfLaunchingAnother() {
    // The earlier attempt crashed after RunInstances, before any heartbeat named the instance.
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Name", equalTo("tag:" + RestoreHostTags.HOST_KEY))
        .withFormParam("Filter.1.Value.1", equalTo(HOST_KEY))
        .willReturn(describeInstances(
            Ec2Instance.spot("i-0old", "terminated", "m6i.xlarge", "us-west-2a", "subnet-a"),
            Ec2Instance.spot("i-0eee", "running", "r6i.xlarge", "us-west-2b", "subnet-b"))));
    running("i-0eee", "r6i.xlarge", "us-west-2b", "subnet-b");

    RestoreHost host = activities(Ec2TestConfig.directory(TYPES, SUBNETS, false)).provisionHost(request());

    assertThat(host.hostId()).isEqualTo("i-0eee");
    assertThat(host.instanceType()).isEqualTo("r6i.xlarge");
    assertThat(requests(ec2, "RunInstances")).isEmpty();
  }

  @Test
  void aRetryResumesFromTheHeartbeatWithTheSameAmi() {
    env.setHeartbeatDetails(new ProvisionProgress(1, "starting", "i-0fff", "ami-0earlier", List.of("m6i.xlarge ...: InsufficientInstanceCapacity")));
    running("i-0fff", "m6i.xlarge", "us-west-2b", "subnet-b");

    RestoreHost host = activities(Ec2TestConfig.directory(TYPES, SUBNETS, false)).provisionHost(request());

    assertThat(host.hostId()).isEqualTo("i-0fff");
    assertThat(requests(ec2, "RunInstances")).isEmpty();
    assertThat(ec2.getAllServeEvents()).noneMatch(e -> "AmazonSSM.GetParameter".equals(e.getRequest().getHeader("X-Amz-Target")));
  }

  @Test
  void anInstanceTypeEc2RefusesIsSkippedAndTheNextTypeLaunched() {
    // AWS's answer to an arm64 type with an x86_64 AMI: only that type is wrong, another may fit.
    ec2.stubFor(ec2("RunInstances").withFormParam("InstanceType", equalTo("m6g.xlarge"))
        .willReturn(error(400, "InvalidParameterValue", ARCHITECTURE_MISMATCH)));
    ec2.stubFor(ec2("RunInstances").withFormParam("InstanceType", equalTo("m6i.xlarge"))
        .willReturn(runInstances(Ec2Instance.spot("i-0x86", "pending", "m6i.xlarge", "us-west-2a", "subnet-a"))));
    running("i-0x86", "m6i.xlarge", "us-west-2a", "subnet-a");

    RestoreHost host = activities(Ec2TestConfig.directory(List.of("m6g.xlarge", "m6i.xlarge"), SUBNETS, false))
        .provisionHost(request());

    assertThat(host.instanceType()).isEqualTo("m6i.xlarge");
    // The refused type is not asked for again in the other subnet.
    assertThat(attempted()).containsExactly("m6g.xlarge/subnet-a/spot", "m6i.xlarge/subnet-a/spot");
  }

  @Test
  void everyTypeRefusedIsAConfigurationErrorNamingEachType() {
    ec2.stubFor(ec2("RunInstances").willReturn(error(400, "InvalidParameterValue", ARCHITECTURE_MISMATCH)));

    ApplicationFailure cause = refusal(Ec2TestConfig.directory(TYPES, SUBNETS, true));
    assertThat(cause.getType()).isEqualTo(FailureType.CONFIGURATION_INVALID.name());
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).contains("restoreHost.instanceTypes",
        "m6i.xlarge in us-west-2a (subnet-a) spot: InvalidParameterValue: The architecture 'arm64'",
        "r6i.xlarge in us-west-2a (subnet-a) spot: InvalidParameterValue", "ami-0from0ssm0parameter");
    // Neither another subnet nor on-demand is tried for a refused type.
    assertThat(attempted()).containsExactly("m6i.xlarge/subnet-a/spot", "r6i.xlarge/subnet-a/spot");
  }

  @Test
  void aRefusalOfWhatEveryCandidateSharesEndsTheLaunchAtOnce() {
    ec2.stubFor(ec2("RunInstances")
        .willReturn(error(400, "InvalidGroup.NotFound", "The security group 'sg-restore' does not exist in VPC 'vpc-1'")));

    ApplicationFailure cause = refusal(Ec2TestConfig.directory(TYPES, SUBNETS, false));
    assertThat(cause.getType()).isEqualTo(FailureType.CONFIGURATION_INVALID.name());
    assertThat(cause.getOriginalMessage()).contains("InvalidGroup.NotFound", "m6i.xlarge in us-west-2a", "restoreHost");
    assertThat(attempted()).containsExactly("m6i.xlarge/subnet-a/spot");
  }

  @Test
  void anUnauthorizedDescribeImagesIsAConfigurationErrorNamingTheGrant() {
    ec2.stubFor(ec2("DescribeImages").atPriority(1).willReturn(error(403, "UnauthorizedOperation",
        "You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/snapdrill-worker/i-0w"
            + " is not authorized to perform: ec2:DescribeImages because no identity-based policy allows the"
            + " ec2:DescribeImages action")));

    ApplicationFailure cause = refusal(Ec2TestConfig.directory(TYPES, SUBNETS, false));
    assertThat(cause.getType()).isEqualTo(FailureType.CONFIGURATION_INVALID.name());
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).startsWith("ec2:DescribeImages was refused with UnauthorizedOperation")
        .contains("the worker's role needs ec2:DescribeImages", "us-west-2", "modules/iam");
    assertThat(requests(ec2, "DescribeImages")).hasSize(1);
    assertThat(requests(ec2, "RunInstances")).isEmpty();
  }

  @Test
  void theMissingSpotServiceLinkedRoleIsAConfigurationErrorNamingIt() {
    ec2.stubFor(ec2("RunInstances").willReturn(error(403, "AuthFailure.ServiceLinkedRoleCreationNotPermitted",
        "The provided credentials do not have permission to create the service-linked role for EC2 Spot Instances.")));

    ApplicationFailure cause = refusal(Ec2TestConfig.directory(TYPES, SUBNETS, true));
    assertThat(cause.getType()).isEqualTo(FailureType.CONFIGURATION_INVALID.name());
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).startsWith("iam:CreateServiceLinkedRole was refused with AuthFailure.ServiceLinkedRoleCreationNotPermitted")
        .contains("AWSServiceRoleForEC2Spot", "aws iam create-service-linked-role --aws-service-name spot.amazonaws.com");
    assertThat(attempted()).containsExactly("m6i.xlarge/subnet-a/spot");
  }

  @Test
  void aRefusedAmiParameterIsAConfigurationErrorNamingTheGrant() {
    ec2.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter")).atPriority(1)
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::123456789012:assumed-role/"
                + "snapdrill-worker/i-0w is not authorized to perform: ssm:GetParameter\"}")));

    ApplicationFailure cause = refusal(Ec2TestConfig.directory(TYPES, SUBNETS, false));
    assertThat(cause.getType()).isEqualTo(FailureType.CONFIGURATION_INVALID.name());
    assertThat(cause.getOriginalMessage()).startsWith("ssm:GetParameter was refused with AccessDeniedException")
        .contains("the worker's role needs ssm:GetParameter");
  }

  /** The failure provisionHost ends with. */
  private ApplicationFailure refusal(ClusterDirectory directory) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> activities(directory).provisionHost(request()));
    return (ApplicationFailure) failure.getCause();
  }

  @Test
  void withoutSubnetsEc2PicksTheZone() {
    ec2.stubFor(ec2("RunInstances")
        .willReturn(runInstances(Ec2Instance.spot("i-0zzz", "pending", "m6i.xlarge", "us-west-2c", "subnet-default"))));
    running("i-0zzz", "m6i.xlarge", "us-west-2c", "subnet-default");

    RestoreHost host = activities(Ec2TestConfig.directory(List.of("m6i.xlarge"), List.of(), false)).provisionHost(request());

    assertThat(host.availabilityZone()).isEqualTo("us-west-2c");
    assertThat(requests(ec2, "RunInstances")).singleElement().satisfies(r -> assertThat(r).doesNotContainKey("SubnetId"));
    assertThat(requests(ec2, "DescribeSubnets")).isEmpty();
  }

  @Test
  void theSpotPriceEc2QuotesForTheLaunchedTypeAndZoneIsTheHostsPrice() {
    ec2.stubFor(ec2("RunInstances")
        .willReturn(runInstances(Ec2Instance.spot("i-0ppp", "pending", "r6i.xlarge", "us-west-2b", "subnet-b"))));
    running("i-0ppp", "r6i.xlarge", "us-west-2b", "subnet-b");
    ec2.stubFor(ec2("DescribeSpotPriceHistory").withFormParam("InstanceType.1", equalTo("r6i.xlarge"))
        .withFormParam("AvailabilityZone", equalTo("us-west-2b")).atPriority(1)
        .willReturn(spotPrice("r6i.xlarge", "us-west-2b", "0.0833")));

    RestoreHost host = activities(Ec2TestConfig.directory(List.of("r6i.xlarge"), List.of("subnet-b"), true))
        .provisionHost(request());

    // The newest quote wins over the older 9.9999 one in the same answer; the on-demand price is not used.
    assertThat(host.spot()).isTrue();
    assertThat(host.pricePerHourUsd()).isEqualTo(0.0833);
  }

  @Test
  void theRootVolumeHasTheConfiguredSizeUnderTheAmisOwnRootDevice() {
    // An Ubuntu-style AMI: a mapping under /dev/xvda would add a second volume and leave the root small.
    ec2.stubFor(ec2("DescribeImages").atPriority(1).willReturn(describeImages("ami-0from0ssm0parameter", "/dev/sda1")));
    ec2.stubFor(ec2("RunInstances")
        .willReturn(runInstances(Ec2Instance.spot("i-0vol", "pending", "m6i.xlarge", "us-west-2a", "subnet-a"))));
    running("i-0vol", "m6i.xlarge", "us-west-2a", "subnet-a");

    activities(Ec2TestConfig.directory(List.of("m6i.xlarge"), List.of("subnet-a"), false, 750)).provisionHost(request());

    assertThat(requests(ec2, "RunInstances")).singleElement().satisfies(r -> assertThat(r)
        .containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/sda1")
        .containsEntry("BlockDeviceMapping.1.Ebs.VolumeSize", "750")
        .containsEntry("BlockDeviceMapping.1.Ebs.VolumeType", "gp3")
        .containsEntry("BlockDeviceMapping.1.Ebs.Encrypted", "true")
        .containsEntry("BlockDeviceMapping.1.Ebs.DeleteOnTermination", "true"));
  }

  @Test
  void anAmiThatDoesNotExistIsAConfigurationErrorBeforeAnyLaunch() {
    ec2.stubFor(ec2("DescribeImages").atPriority(1).willReturn(describeImages("ami-0from0ssm0parameter", null)));

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class,
        () -> activities(Ec2TestConfig.directory(TYPES, SUBNETS, false)).provisionHost(request()));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureType.CONFIGURATION_INVALID.name());
    assertThat(cause.getOriginalMessage()).contains("AMI ami-0from0ssm0parameter does not exist in us-west-2",
        "restoreHost.amiSsmParameter");
    assertThat(requests(ec2, "RunInstances")).isEmpty();
  }

  @Test
  void aLocalProviderConfigIsRefusedClearly() {
    ClusterDirectory local = new ClusterDirectory(new io.snapdrill.activities.config.SnapdrillConfig(
        Ec2TestConfig.directory(TYPES, SUBNETS, false).config().clusters(),
        io.snapdrill.activities.config.RestoreHostConfig.localMode(), null, null, null));

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> activities(local).provisionHost(request()));

    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo(FailureType.CONFIGURATION_INVALID.name());
    assertThat(failure.getCause().getMessage()).contains("restoreHost.provider");
    assertThat(ec2.getAllServeEvents()).isEmpty();
  }
}

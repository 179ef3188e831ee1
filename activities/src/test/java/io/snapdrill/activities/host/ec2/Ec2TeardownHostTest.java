package io.snapdrill.activities.host.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.cancelSpotRequests;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.describeInstances;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.error;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.requests;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.terminateInstances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.snapdrill.activities.host.ec2.Ec2QueryApi.Ec2Instance;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** teardownHost and host liveness against a local endpoint answering the EC2 Query API. */
class Ec2TeardownHostTest {
  private static final String HOST_KEY = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
  private static final String DRILL = "drill-logs-Xh3_uuid";

  private static WireMockServer ec2;
  private TestActivityEnvironment env;
  private RestoreHostActivities activities;

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
  void setUp() {
    ec2.resetAll();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new Ec2RestoreHostActivities(
        Ec2TestConfig.directory(List.of("m6i.xlarge"), List.of("subnet-a"), false), Ec2QueryApi.clients(ec2),
        Ec2HostOptions.defaults().withPollInterval(Duration.ofMillis(20)), Clock.systemUTC()));
    activities = env.newActivityStub(RestoreHostActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
  }

  @AfterEach
  void closeEnvironment() {
    env.close();
    Ec2QueryApi.assertEveryActionDeclared(ec2);
  }

  static MappingBuilder ec2(String action) {
    return post(urlEqualTo("/")).withFormParam("Action", equalTo(action));
  }

  private static Ec2Instance host(String id, String state) {
    return Ec2Instance.spot(id, state, "m6i.xlarge", "us-west-2a", "subnet-a")
        .withTags(Map.of(RestoreHostTags.HOST_KEY, HOST_KEY, RestoreHostTags.WORKFLOW_ID, DRILL));
  }

  @Test
  void anAlreadyTerminatedInstanceIsSuccessWithoutTerminatingAgain() {
    ec2.stubFor(ec2("DescribeInstances").willReturn(describeInstances(host("i-0done", "terminated"))));

    TeardownReport report = activities.teardownHost(new TeardownRequest(HOST_KEY, DRILL, "logs", "i-0done"));

    assertThat(report).isEqualTo(new TeardownReport(HOST_KEY, List.of(), true));
    assertThat(requests(ec2, "TerminateInstances")).isEmpty();
    assertThat(requests(ec2, "DescribeInstances")).extracting(r -> r.get("Filter.1.Name"))
        .containsExactly("instance-id", "tag:" + RestoreHostTags.HOST_KEY);
  }

  @Test
  void anInstanceEc2NoLongerKnowsIsSuccess() {
    ec2.stubFor(ec2("DescribeInstances").inScenario("gone").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(describeInstances(host("i-0gone", "running"))));
    // It vanished between DescribeInstances and TerminateInstances.
    ec2.stubFor(ec2("TerminateInstances").inScenario("gone").willSetStateTo("vanished")
        .willReturn(error(400, "InvalidInstanceID.NotFound", "The instance ID 'i-0gone' does not exist")));
    ec2.stubFor(ec2("DescribeInstances").inScenario("gone").whenScenarioStateIs("vanished")
        .willReturn(describeInstances()));
    ec2.stubFor(ec2("CancelSpotInstanceRequests")
        .willReturn(error(400, "InvalidSpotInstanceRequestID.NotFound", "The spot instance request ID 'sir-0gone' does not exist")));

    TeardownReport report = activities.teardownHost(new TeardownRequest(HOST_KEY, DRILL, "logs", "i-0gone"));

    assertThat(report.terminatedHostIds()).containsExactly("i-0gone");
    assertThat(requests(ec2, "TerminateInstances")).hasSize(1);
  }

  @Test
  void withoutAnIdTheHostIsFoundByItsHostKeyTagTerminatedAndItsSpotRequestCancelled() {
    ec2.stubFor(ec2("DescribeInstances").inScenario("teardown").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(describeInstances(host("i-0crash", "running"))));
    ec2.stubFor(ec2("TerminateInstances").inScenario("teardown").willSetStateTo("shutting-down")
        .willReturn(terminateInstances("i-0crash", "running", "shutting-down")));
    ec2.stubFor(ec2("DescribeInstances").inScenario("teardown").whenScenarioStateIs("shutting-down")
        .willReturn(describeInstances(host("i-0crash", "shutting-down"))).willSetStateTo("terminated"));
    ec2.stubFor(ec2("DescribeInstances").inScenario("teardown").whenScenarioStateIs("terminated")
        .willReturn(describeInstances(host("i-0crash", "terminated"))));
    ec2.stubFor(ec2("CancelSpotInstanceRequests").willReturn(cancelSpotRequests("sir-0crash")));

    TeardownReport report = activities.teardownHost(new TeardownRequest(HOST_KEY, DRILL, "logs", null));

    assertThat(report).isEqualTo(new TeardownReport(HOST_KEY, List.of("i-0crash"), false));
    Map<String, String> lookup = requests(ec2, "DescribeInstances").get(0);
    assertThat(lookup).containsEntry("Filter.1.Name", "tag:" + RestoreHostTags.HOST_KEY).containsEntry("Filter.1.Value.1", HOST_KEY);
    assertThat(requests(ec2, "TerminateInstances")).singleElement()
        .satisfies(t -> assertThat(t).containsEntry("InstanceId.1", "i-0crash"));
    assertThat(requests(ec2, "CancelSpotInstanceRequests")).singleElement()
        .satisfies(c -> assertThat(c).containsEntry("SpotInstanceRequestId.1", "sir-0crash"));
    // It waited until EC2 reported the instance terminated, not just accepted the call.
    assertThat(requests(ec2, "DescribeInstances")).hasSize(3);
  }

  @Test
  void aHostKeyWithNothingUnderItIsAlreadyGone() {
    ec2.stubFor(ec2("DescribeInstances").willReturn(describeInstances()));

    TeardownReport report = activities.teardownHost(new TeardownRequest(HOST_KEY, DRILL, "logs", null));

    assertThat(report).isEqualTo(new TeardownReport(HOST_KEY, List.of(), true));
  }

  @Test
  void aRefusedGrantIsNotRetriedAndNamesTheGrant() {
    // Retrying cannot fix it: the drill hands the host to a HostTeardownWorkflow, which tries again later.
    ec2.stubFor(ec2("DescribeInstances").willReturn(describeInstances(host("i-0kept", "running"))));
    ec2.stubFor(ec2("TerminateInstances")
        .willReturn(error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")));

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class,
        () -> activities.teardownHost(new TeardownRequest(HOST_KEY, DRILL, "logs", "i-0kept")));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getType()).isEqualTo(FailureType.CONFIGURATION_INVALID.name());
    assertThat(cause.getOriginalMessage()).contains("ec2:TerminateInstances", "UnauthorizedOperation");
  }

  @Test
  void anyOtherErrorIsRetryable() {
    ec2.stubFor(ec2("DescribeInstances").willReturn(describeInstances(host("i-0kept", "running"))));
    ec2.stubFor(ec2("TerminateInstances")
        .willReturn(error(400, "IncorrectInstanceState", "The instance 'i-0kept' is not in a state from which it can be terminated.")));

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class,
        () -> activities.teardownHost(new TeardownRequest(HOST_KEY, DRILL, "logs", "i-0kept")));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.isNonRetryable()).isFalse();
    assertThat(cause.getOriginalMessage()).contains("i-0kept", HOST_KEY, "IncorrectInstanceState", "retried");
  }

  @Test
  void livenessTellsARunningHostFromAnInterruptedOne() {
    Ec2HostLiveness liveness = new Ec2HostLiveness(Ec2QueryApi.clients(ec2), "us-west-2");
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Value.1", equalTo("i-0up"))
        .willReturn(describeInstances(host("i-0up", "running"))));
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Value.1", equalTo("i-0spot"))
        .willReturn(describeInstances(host("i-0spot", "shutting-down")
            .withState("shutting-down", "Server.SpotInstanceTermination: Spot instance termination"))));
    ec2.stubFor(ec2("DescribeInstances").withFormParam("Filter.1.Value.1", equalTo("i-0void"))
        .willReturn(describeInstances()));

    assertThat(liveness.hostAlive(restoreHost("i-0up"))).isTrue();
    assertThat(liveness.hostAlive(restoreHost("i-0spot"))).isFalse();
    assertThat(liveness.hostAlive(restoreHost("i-0void"))).isFalse();
  }

  private static RestoreHost restoreHost(String id) {
    return new RestoreHost(HOST_KEY, "ec2", id, "http://10.0.0.5:9200", "m6i.xlarge", "us-west-2a", true, 0.07, Instant.EPOCH);
  }
}

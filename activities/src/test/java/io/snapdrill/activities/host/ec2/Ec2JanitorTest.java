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

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.snapdrill.activities.host.TemporalWorkflowStatusLookup;
import io.snapdrill.activities.host.WorkflowStatusLookup;
import io.snapdrill.activities.host.ec2.Ec2QueryApi.Ec2Instance;
import io.snapdrill.model.JanitorAction;
import io.snapdrill.model.JanitorReason;
import io.snapdrill.model.JanitorReport;
import io.snapdrill.model.RestoreHostRecord;
import io.snapdrill.temporal.ServerLimits;
import io.snapdrill.temporal.ServerLimitsInterceptor;
import io.snapdrill.workflows.JanitorWorkflow;
import io.snapdrill.workflows.JanitorWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The janitor end to end: its workflow, its activities against a local EC2 Query API endpoint, and the
 * real Temporal test service answering whether each owning drill still runs.
 */
class Ec2JanitorTest {
  private static final String TASK_QUEUE = "janitor-test";

  /** Stands in for a drill: runs until told to finish. */
  @WorkflowInterface
  public interface OwnerWorkflow {
    @WorkflowMethod
    void run();

    @SignalMethod
    void finish();
  }

  public static class OwnerWorkflowImpl implements OwnerWorkflow {
    private boolean finished;

    @Override
    public void run() {
      Workflow.await(() -> finished);
    }

    @Override
    public void finish() {
      finished = true;
    }
  }

  private WireMockServer ec2;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    ec2 = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    ec2.start();
    // Real time: with time skipping the service would jump years ahead while a client waits (the
    // open owner's endless run counts as a timer), close that owner, and turn its host into an orphan.
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false)
        .setWorkflowServiceStubsOptions(ServerLimitsInterceptor.stubsOptions(ServerLimits.DEFAULTS)).build());
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(JanitorWorkflowImpl.class, OwnerWorkflowImpl.class);
    worker.registerActivitiesImplementations(new Ec2JanitorActivities(
        Ec2TestConfig.directory(List.of("m6i.xlarge"), List.of(), false), Ec2QueryApi.clients(ec2),
        new TemporalWorkflowStatusLookup(env.getWorkflowServiceStubs(), env.getNamespace())));
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
    Ec2QueryApi.assertEveryActionDeclared(ec2);
    ec2.stop();
  }

  private OwnerWorkflow startOwner(String workflowId) {
    OwnerWorkflow owner = client.newWorkflowStub(OwnerWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(workflowId).build());
    WorkflowClient.start(owner::run);
    return owner;
  }

  private static MappingBuilder ec2(String action) {
    return post(urlEqualTo("/")).withFormParam("Action", equalTo(action));
  }

  private static Ec2Instance host(String id, String owner, Instant expiresAt) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(RestoreHostTags.HOST_KEY, "key-" + id);
    tags.put(RestoreHostTags.CLUSTER, "logs");
    if (owner != null) {
      tags.put(RestoreHostTags.WORKFLOW_ID, owner);
    }
    tags.put(RestoreHostTags.EXPIRES_AT, expiresAt.toString());
    return Ec2Instance.spot(id, "running", "m6i.xlarge", "us-west-2a", "subnet-a").withTags(tags);
  }

  @Test
  void theStatusLookupAsksTemporal() {
    startOwner("drill-open");
    OwnerWorkflow done = startOwner("drill-done");
    done.finish();
    WorkflowStub.fromTyped(done).getResult(Void.class);

    WorkflowStatusLookup lookup = new TemporalWorkflowStatusLookup(env.getWorkflowServiceStubs(), env.getNamespace());

    assertThat(lookup.isRunning("drill-open")).isTrue();
    assertThat(lookup.isRunning("drill-done")).isFalse();
    assertThat(lookup.isRunning("drill-that-never-was")).isFalse();
  }

  @Test
  void terminatesExactlyTheExpiredAndOrphanedInstances() {
    startOwner("drill-open");
    OwnerWorkflow done = startOwner("drill-done");
    done.finish();
    WorkflowStub.fromTyped(done).getResult(Void.class);

    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    Instant later = now.plus(Duration.ofHours(6));
    Instant hourAgo = now.minus(Duration.ofHours(1));
    Ec2Instance[] hosts = {
      host("i-0live", "drill-open", later).launchedAt(now.minus(Duration.ofHours(6))),
      // a restore that outlasted the TTL: its drill runs, so its host stays
      host("i-0long", "drill-open", hourAgo).launchedAt(now.minus(Duration.ofHours(13))),
      // the default hard cap (72 h) after launch ends even a running drill's host
      host("i-0capped", "drill-open", hourAgo).launchedAt(now.minus(Duration.ofHours(73))),
      host("i-0expired", "drill-done", hourAgo).launchedAt(now.minus(Duration.ofHours(13))),
      host("i-0orphan", "drill-done", later).launchedAt(now.minus(Duration.ofHours(6))),
      host("i-0ghost", "drill-past-retention", later).launchedAt(now.minus(Duration.ofHours(6))),
      host("i-0stuck", "drill-done", later).launchedAt(now.minus(Duration.ofHours(6)))
    };
    ec2.stubFor(ec2("DescribeInstances").willReturn(describeInstances(hosts)));
    for (String id : List.of("i-0live", "i-0long", "i-0capped", "i-0expired", "i-0orphan", "i-0ghost")) {
      ec2.stubFor(ec2("TerminateInstances").withFormParam("InstanceId.1", equalTo(id))
          .willReturn(terminateInstances(id, "running", "shutting-down")));
      ec2.stubFor(ec2("CancelSpotInstanceRequests").withFormParam("SpotInstanceRequestId.1", equalTo("sir-" + id.substring(2)))
          .willReturn(cancelSpotRequests("sir-" + id.substring(2))));
    }
    ec2.stubFor(ec2("TerminateInstances").withFormParam("InstanceId.1", equalTo("i-0stuck"))
        .willReturn(error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")));

    JanitorReport report = client.newWorkflowStub(JanitorWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(JanitorWorkflow.WORKFLOW_ID).build())
        .run();

    assertThat(requests(ec2, "TerminateInstances")).extracting(r -> r.get("InstanceId.1"))
        .containsExactlyInAnyOrder("i-0capped", "i-0expired", "i-0orphan", "i-0ghost", "i-0stuck");
    assertThat(requests(ec2, "CancelSpotInstanceRequests")).extracting(r -> r.get("SpotInstanceRequestId.1"))
        .containsExactlyInAnyOrder("sir-0capped", "sir-0expired", "sir-0orphan", "sir-0ghost");
    Map<String, JanitorReason> reasons = report.terminated().stream()
        .collect(Collectors.toMap(a -> a.host().hostId(), JanitorAction::reason));
    assertThat(reasons).isEqualTo(Map.of(
        "i-0capped", JanitorReason.HARD_CAP,
        "i-0expired", JanitorReason.EXPIRED,
        "i-0orphan", JanitorReason.ORPHANED,
        "i-0ghost", JanitorReason.ORPHANED,
        "i-0stuck", JanitorReason.ORPHANED));
    assertThat(report.kept()).extracting(RestoreHostRecord::hostId).containsExactly("i-0live", "i-0long");
    assertThat(report.clean()).isFalse();
    assertThat(report.terminated()).filteredOn(a -> a.host().hostId().equals("i-0stuck")).singleElement()
        .satisfies(a -> assertThat(a.termination().detail()).contains("UnauthorizedOperation"));
    assertThat(report.terminated()).filteredOn(a -> a.termination().terminated()).hasSize(4);

    Map<String, String> listing = requests(ec2, "DescribeInstances").get(0);
    assertThat(listing).containsEntry("Filter.1.Name", "tag-key")
        .containsEntry("Filter.1.Value.1", RestoreHostTags.HOST_KEY)
        .containsEntry("Filter.2.Name", "tag:" + RestoreHostTags.NAMESPACE)
        .containsEntry("Filter.2.Value.1", env.getNamespace())
        .containsEntry("Filter.3.Name", "instance-state-name");
    assertThat(listing.entrySet()).filteredOn(e -> e.getKey().startsWith("Filter.3.Value.")).extracting(Map.Entry::getValue)
        .containsExactlyInAnyOrder("pending", "running", "stopping", "stopped");
    RestoreHostRecord live = report.kept().get(0);
    assertThat(live.workflowId()).isEqualTo("drill-open");
    assertThat(live.expiresAt()).isEqualTo(later);
    assertThat(live.spot()).isTrue();
    assertThat(live.hardCapAt()).isEqualTo(now.minus(Duration.ofHours(6)).plus(Duration.ofHours(72)));
  }
}

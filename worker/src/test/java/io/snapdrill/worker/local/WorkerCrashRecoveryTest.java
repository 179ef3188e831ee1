package io.snapdrill.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.snapdrill.activities.config.Product;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.worker.codec.PayloadCodecs;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.payload.codec.ChainCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The Temporal service and the workers in their own JVMs, the stack (S3, source node) in the test's:
 * the worker is killed (kill -9) in the middle of the restore; a new worker resumes the same drill,
 * which completes, with exactly one teardown, no node left, and no secret in its history.
 */
@Execution(ExecutionMode.CONCURRENT)
class WorkerCrashRecoveryTest {
  private static final String SNAPSHOT = "before-the-crash";
  private static final String DRILL = "drill-local-crash-recovery";

  @Test
  void aNewWorkerResumesTheDrillOfAKilledWorkerAndTeardownRunsOnce() throws Exception {
    Path tmp = Files.createTempDirectory("crash-recovery-", SnapdrillProcess.TRAVERSABLE);
    SnapdrillProcess temporal = SnapdrillProcess.start(tmp, List.of(), "temporal-service", "--port", "0");
    SnapdrillProcess secondWorker = null;
    List<String> leftOver;
    try {
      String address = temporal.awaitLine("listening on (\\S+)", Duration.ofMinutes(1)).group(1);
      List<HistoryEvent> history;
      List<String> secrets;
      try (LocalStack stack = LocalStack.start(new LocalStack.Settings(Product.ELASTICSEARCH, LocalScenario.HAPPY, 0.2,
              tmp.resolve("stack"), tmp.resolve("reports")), System.out::println);
          TemporalConnection temporalClient = TemporalConnection.open(TemporalOptions.at(address))) {
        secrets = stack.secrets();
        stack.takeSnapshot(SNAPSHOT);
        // a slow recovery throttle keeps the restore running long enough to kill its worker in the middle
        Path config = stack.writeConfig(tmp.resolve("snapdrill.yaml"), "40kb");
        Map<String, String> env = stack.workerEnvironment();
        SnapdrillProcess firstWorker = worker(tmp, env, config, address);

        WorkflowClient client = temporalClient.client();
        DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class, WorkflowOptions.newBuilder()
            .setWorkflowId(DRILL).setTaskQueue(temporalClient.taskQueue())
            .setTypedSearchAttributes(SearchAttributes.newBuilder().set(DrillSearchAttributes.CLUSTER, "local").build())
            .build());
        WorkflowClient.start(drill::run, new DrillRequest(LocalStack.CLUSTER, SNAPSHOT, HealPolicy.NEVER,
            new DrillSettings(Duration.ofMinutes(2), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMinutes(10), 1)));
        WorkflowStub stub = client.newUntypedWorkflowStub(DRILL);
        Awaitility.await("the restore reports progress").atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500)).until(() -> restoreHeartbeated(stub));

        firstWorker.kill();
        secondWorker = worker(tmp, env, config, address);
        DrillResult result;
        try {
          result = stub.getResult(8, TimeUnit.MINUTES, DrillResult.class);
        } catch (Exception e) {
          throw new AssertionError("the drill did not complete; pending: "
              + stub.describe().getRawDescription().getPendingActivitiesList(), e);
        }

        assertThat(result.outcome()).as(result.failureMessage()).isEqualTo(DrillOutcome.PASSED);
        history = client.fetchHistory(DRILL).getEvents();
        assertThat(activities(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, "TeardownHost")).hasSize(1);
        assertThat(history).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                && scheduledType(history, e.getActivityTaskStartedEventAttributes().getScheduledEventId())
                    .equals("RestoreSnapshot"))
            .singleElement()
            .satisfies(started -> assertThat(started.getActivityTaskStartedEventAttributes().getAttempt())
                .as("the restore ran again on the new worker").isGreaterThan(1));
        assertThat(LocalModeRuns.processesUnder(tmp.resolve("stack").resolve("restore")))
            .as("restore node left running").isEmpty();
        try (Stream<Path> left = Files.walk(tmp.resolve("stack").resolve("restore"))) {
          assertThat(left.filter(Files::isRegularFile).toList()).as("restore host files left").isEmpty();
        }
      }

      // No credential in any payload of the history: only names travel through Temporal.
      // Payloads are compressed on their way to the server, so the scan decodes each before reading it.
      String payloads = decodedPayloads(history);
      assertThat(payloads).as("the scan reads payload content").contains(SNAPSHOT, "snapdrill-dr-replica");
      assertThat(secrets).hasSize(2).allSatisfy(secret -> assertThat(payloads).doesNotContain(secret));
    } finally {
      if (secondWorker != null) {
        secondWorker.kill();
      }
      temporal.kill();
      leftOver = LocalModeRuns.processesUnder(tmp);
      leftOver.forEach(p -> ProcessHandle.of(Long.parseLong(p.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly));
      io.snapdrill.activities.node.DistributionInstaller.deleteRecursively(tmp);
    }
    assertThat(leftOver).as("processes left running").isEmpty();
  }

  private static SnapdrillProcess worker(Path tmp, Map<String, String> env, Path config, String address) {
    return SnapdrillProcess.start(tmp, List.of(), env, "worker", "--config", config.toString(),
        "--temporal-address", address);
  }

  private static boolean restoreHeartbeated(WorkflowStub stub) {
    for (PendingActivityInfo activity : stub.describe().getRawDescription().getPendingActivitiesList()) {
      if (activity.getActivityType().getName().equals("RestoreSnapshot") && activity.hasHeartbeatDetails()) {
        return true;
      }
    }
    return false;
  }

  private static List<HistoryEvent> activities(List<HistoryEvent> history, EventType type, String activityType) {
    return history.stream().filter(e -> e.getEventType() == type
        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activityType)).toList();
  }

  private static String scheduledType(List<HistoryEvent> history, long scheduledEventId) {
    return history.stream().filter(e -> e.getEventId() == scheduledEventId).findFirst()
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()).orElse("");
  }

  /** Every payload anywhere in the history, decoded as the workers' codec chain would, as text. */
  static String decodedPayloads(List<HistoryEvent> history) {
    List<Payload> found = new ArrayList<>();
    history.forEach(event -> collectPayloads(event, found));
    return new ChainCodec(PayloadCodecs.chain(null)).decode(found).stream()
        .map(p -> p.getData().toString(StandardCharsets.UTF_8))
        .collect(Collectors.joining("\n"));
  }

  private static void collectPayloads(Message message, List<Payload> found) {
    if (message instanceof Payload payload) {
      found.add(payload);
      return;
    }
    message.getAllFields().values().forEach(value -> {
      if (value instanceof Message nested) {
        collectPayloads(nested, found);
      } else if (value instanceof Collection<?> values) {
        values.stream().filter(Message.class::isInstance).forEach(v -> collectPayloads((Message) v, found));
      }
    });
  }
}

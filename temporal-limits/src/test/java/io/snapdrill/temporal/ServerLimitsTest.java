package io.snapdrill.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The embedded service refuses and fails what a real server refuses and fails, with the server's words. */
@Timeout(120)
class ServerLimitsTest {
  private static final int MB = 1024 * 1024;
  private static final String TASK_QUEUE = "limits";

  private final AtomicInteger attempts = new AtomicInteger();
  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
  private TestWorkflowEnvironment env;

  private WorkflowClient start(ServerLimits limits) {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowServiceStubsOptions(ServerLimitsInterceptor.stubsOptions(limits)).build());
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(PayloadWorkflowImpl.class);
    worker.registerActivitiesImplementations(new Blobs() {
      @Override
      public String produce(int chars) {
        attempts.incrementAndGet();
        return "x".repeat(chars);
      }

      @Override
      public int consume(String text) {
        return text.length();
      }
    });
    env.start();
    warnings.start();
    ((Logger) LoggerFactory.getLogger(BlobSizeCheck.class)).addAppender(warnings);
    return env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(BlobSizeCheck.class)).detachAppender(warnings);
    if (env != null) {
      env.close();
    }
  }

  private static PayloadWorkflow workflow(WorkflowClient client, String id) {
    return client.newWorkflowStub(PayloadWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TASK_QUEUE).build());
  }

  @Test
  void aThreeMegabyteActivityResultFailsTheActivityOnceAndForAllAndTheWorkflowSeesWhy() {
    WorkflowClient client = start(ServerLimits.DEFAULTS);

    String seen = workflow(client, "result-3mb").run(Scenario.RESULT, 3 * MB, "");

    // recorded as ActivityTaskFailed with the server's non-retryable failure, although the activity's
    // retry policy would retry for ever
    assertThat(seen).isEqualTo("nonRetryable=true: Complete result exceeds size limit.");
    assertThat(attempts).hasValue(1);
    HistoryEvent failed = client.fetchHistory("result-3mb").getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskFailedEventAttributes).findFirst().orElseThrow();
    assertThat(failed.getActivityTaskFailedEventAttributes().getFailure().getMessage())
        .isEqualTo("Complete result exceeds size limit.");
    assertThat(failed.getActivityTaskFailedEventAttributes().getFailure().getApplicationFailureInfo().getNonRetryable()).isTrue();
  }

  @Test
  void aPayloadBetweenTheWarningAndTheLimitPassesWithAWarning() {
    WorkflowClient client = start(ServerLimits.DEFAULTS);

    assertThat(workflow(client, "result-1mb").run(Scenario.RESULT, MB, "")).isEqualTo("received " + MB + " characters");
    assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(line -> assertThat(line).startsWith("Blob data size exceeds the warning limit. wf-id=result-1mb")
            .contains("blob-size-violation-operation=RespondActivityTaskCompleted"));
    assertThat(attempts).hasValue(1);
  }

  @Test
  void anOversizeWorkflowInputIsRefusedAsTheServerRefusesIt() {
    WorkflowClient client = start(ServerLimits.DEFAULTS);
    PayloadWorkflow workflow = workflow(client, "input-3mb");

    assertThatThrownBy(() -> WorkflowClient.start(workflow::run, Scenario.RESULT, 1, "x".repeat(3 * MB)))
        .isInstanceOf(WorkflowServiceException.class)
        .cause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("Blob data size exceeds limit.");
        });
  }

  @Test
  void anOversizeActivityArgumentTerminatesTheWorkflowWithTheServersReason() {
    WorkflowClient client = start(ServerLimits.DEFAULTS);
    PayloadWorkflow workflow = workflow(client, "argument-3mb");

    assertThatThrownBy(() -> workflow.run(Scenario.ARGUMENT, 3 * MB, "")).isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOf(TerminatedFailure.class);
    List<HistoryEvent> history = client.fetchHistory("argument-3mb").getEvents();
    String reason = "BadScheduleActivityAttributes: ScheduleActivityTaskCommandAttributes.Input exceeds size limit.";
    assertThat(history).filteredOn(HistoryEvent::hasWorkflowTaskFailedEventAttributes).singleElement()
        .satisfies(e -> {
          assertThat(e.getWorkflowTaskFailedEventAttributes().getCause())
              .isEqualTo(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES);
          assertThat(e.getWorkflowTaskFailedEventAttributes().getFailure().getMessage()).isEqualTo(reason);
        });
    HistoryEvent last = history.get(history.size() - 1);
    assertThat(last.getWorkflowExecutionTerminatedEventAttributes().getReason()).isEqualTo(reason);
    assertThat(last.getWorkflowExecutionTerminatedEventAttributes().getIdentity()).isEqualTo("history-service");
    assertThat(attempts).hasValue(0);
  }

  @Test
  void aWorkflowTaskCompletionOverFourMegabytesTerminatesTheWorkflow() {
    WorkflowClient client = start(ServerLimits.DEFAULTS);
    PayloadWorkflow workflow = workflow(client, "message-6mb");

    // three arguments of 1.9 MB each: every payload is within its limit, the message is not
    assertThatThrownBy(() -> workflow.run(Scenario.THREE_ARGUMENTS, 1900 * 1024, "")).isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOf(TerminatedFailure.class);
    List<HistoryEvent> history = client.fetchHistory("message-6mb").getEvents();
    assertThat(history.get(history.size() - 1).getWorkflowExecutionTerminatedEventAttributes().getReason())
        .isEqualTo("GrpcMessageTooLarge");
  }

  @Test
  void aWorkflowPastTheHistoryEventCountLimitIsTerminated() {
    WorkflowClient client = start(ServerLimits.DEFAULTS.withHistoryCount(20, 40));

    List<HistoryEvent> history = terminated(client, "long-history", 1, "Workflow history count exceeds limit.");
    // six events per activity: the limit is crossed at the seventh, long before the thirtieth
    assertThat(history.size()).isBetween(41, 48);
    assertThat(attempts).hasValue(7);
  }

  @Test
  void aWorkflowPastTheHistorySizeLimitIsTerminated() {
    WorkflowClient client = start(ServerLimits.DEFAULTS.withHistorySize(10 * 1024, 40 * 1024));

    // each activity result adds 5 KB: the limit is crossed at the eighth or ninth, long before the thirtieth
    terminated(client, "large-history", 5 * 1024, "Workflow history size exceeds limit.");
    assertThat(attempts.get()).isBetween(8, 9);
  }

  /** Runs thirty activities returning {@code chars} characters each; the workflow must be terminated first. */
  private static List<HistoryEvent> terminated(WorkflowClient client, String id, int chars, String reason) {
    assertThatThrownBy(() -> workflow(client, id).run(Scenario.ACTIVITIES, chars, ""))
        .isInstanceOf(WorkflowFailedException.class).cause().isInstanceOf(TerminatedFailure.class);
    List<HistoryEvent> history = client.fetchHistory(id).getEvents();
    HistoryEvent last = history.get(history.size() - 1);
    assertThat(last.getWorkflowExecutionTerminatedEventAttributes().getReason()).isEqualTo(reason);
    assertThat(last.getWorkflowExecutionTerminatedEventAttributes().getIdentity()).isEqualTo("history-service");
    return history;
  }

  @Test
  void theDefaultsAreTheSelfHostedServers() {
    assertThat(ServerLimits.DEFAULTS).isEqualTo(new ServerLimits(512 * 1024, 2 * MB, 4 * MB, 10L * MB, 50L * MB, 10_240, 51_200));
  }

  /** What each test makes its workflow do, with payloads of {@code chars} characters. */
  enum Scenario { RESULT, ARGUMENT, THREE_ARGUMENTS, ACTIVITIES }

  @WorkflowInterface
  public interface PayloadWorkflow {
    @WorkflowMethod
    String run(Scenario scenario, int chars, String input);
  }

  @ActivityInterface
  public interface Blobs {
    String produce(int chars);

    int consume(String text);
  }

  public static class PayloadWorkflowImpl implements PayloadWorkflow {
    private final Blobs blobs = Workflow.newActivityStub(Blobs.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public String run(Scenario scenario, int chars, String input) {
      return switch (scenario) {
        case RESULT -> resultOf(chars);
        case ARGUMENT -> "consumed " + blobs.consume("x".repeat(chars));
        case THREE_ARGUMENTS -> threeArgumentsOf(chars);
        case ACTIVITIES -> activities(chars);
      };
    }

    private String resultOf(int chars) {
      try {
        return "received " + blobs.produce(chars).length() + " characters";
      } catch (ActivityFailure e) {
        ApplicationFailure cause = (ApplicationFailure) e.getCause();
        return "nonRetryable=" + cause.isNonRetryable() + ": " + cause.getOriginalMessage();
      }
    }

    private String threeArgumentsOf(int chars) {
      List<Promise<Integer>> consumed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        consumed.add(Async.function(blobs::consume, "x".repeat(chars)));
      }
      Promise.allOf(consumed).get();
      return "consumed";
    }

    private String activities(int chars) {
      for (int i = 0; i < 30; i++) {
        blobs.produce(chars);
      }
      return "done";
    }
  }
}

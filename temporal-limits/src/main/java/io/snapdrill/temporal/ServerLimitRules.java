package io.snapdrill.temporal;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.QueryResultType;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedResponse;
import io.temporal.api.workflowservice.v1.RespondQueryTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * What a real Temporal server does with a WorkflowService call that breaks one of its limits, done in front
 * of the embedded test service (which enforces none). Each case names the server source it follows
 * (temporalio/temporal): {@code service/frontend/workflow_handler.go} for what the frontend checks,
 * {@code service/history/...} for what the history service does. Calls within the limits pass unchanged.
 */
final class ServerLimitRules {
  static final String BLOB_TOO_LARGE = "Blob data size exceeds limit.";
  static final String COMPLETE_RESULT_TOO_LARGE = "Complete result exceeds size limit.";
  static final String FAILURE_TOO_LARGE = "Failure exceeds size limit.";
  static final String CANCEL_DETAILS_TOO_LARGE = "Cancel details exceed size limit.";
  static final String HEARTBEAT_TOO_LARGE = "Heartbeat details exceed size limit.";
  /** consts.IdentityHistoryService: who the server says terminated a workflow it terminated itself. */
  static final String SERVER_IDENTITY = "history-service";
  private static final long SIDE_CALL_SECONDS = 30;

  private final ServerLimits limits;
  private final BlobSizeCheck blobs;
  private final HistoryLimitCheck history;

  ServerLimitRules(ServerLimits limits) {
    this.limits = limits;
    this.blobs = new BlobSizeCheck(limits);
    this.history = new HistoryLimitCheck(limits);
  }

  /**
   * @param service the test service itself, for what the server does in a caller's place
   * @param forward makes the call (possibly with a changed request) and returns its response
   */
  Object call(MethodDescriptor<?, ?> method, Object request, Channel service, UnaryOperator<Object> forward) {
    int messageSize = ((MessageLite) request).getSerializedSize();
    if (messageSize > limits.messageMax()) {
      // grpc-go's own refusal; the SDK recognises this text (GrpcMessageTooLargeException) and fails the
      // workflow task with GRPC_MESSAGE_TOO_LARGE, which the test service answers as the server does
      throw Status.RESOURCE_EXHAUSTED.withDescription(String.format(
          "grpc: received message larger than max (%d vs. %d)", messageSize, limits.messageMax())).asRuntimeException();
    }
    WorkflowServiceBlockingStub server = WorkflowServiceGrpc.newBlockingStub(service)
        .withDeadlineAfter(SIDE_CALL_SECONDS, TimeUnit.SECONDS);
    return switch (method.getBareMethodName()) {
      case "StartWorkflowExecution" -> refuseOversize(request, forward,
          ((StartWorkflowExecutionRequest) request).getInput().getSerializedSize(),
          ((StartWorkflowExecutionRequest) request).getWorkflowId());
      case "SignalWorkflowExecution" -> refuseOversize(request, forward,
          ((SignalWorkflowExecutionRequest) request).getInput().getSerializedSize(),
          ((SignalWorkflowExecutionRequest) request).getWorkflowExecution().getWorkflowId());
      case "SignalWithStartWorkflowExecution" -> signalWithStart((SignalWithStartWorkflowExecutionRequest) request, forward);
      case "QueryWorkflow" -> refuseOversize(request, forward,
          ((QueryWorkflowRequest) request).getQuery().getQueryArgs().getSerializedSize(),
          ((QueryWorkflowRequest) request).getExecution().getWorkflowId());
      case "RespondActivityTaskCompleted" -> activityCompleted((RespondActivityTaskCompletedRequest) request, server, forward);
      case "RespondActivityTaskFailed" -> activityFailed((RespondActivityTaskFailedRequest) request, forward);
      case "RespondActivityTaskCanceled" -> activityCanceled((RespondActivityTaskCanceledRequest) request, server, forward);
      case "RecordActivityTaskHeartbeat" -> heartbeat((RecordActivityTaskHeartbeatRequest) request, server, forward);
      case "RespondWorkflowTaskCompleted" -> workflowTaskCompleted((RespondWorkflowTaskCompletedRequest) request, server, forward);
      case "RespondWorkflowTaskFailed" -> workflowTaskFailed((RespondWorkflowTaskFailedRequest) request, forward);
      case "RespondQueryTaskCompleted" -> queryAnswered((RespondQueryTaskCompletedRequest) request, forward);
      case "PollWorkflowTaskQueue" -> withinHistoryLimits((PollWorkflowTaskQueueResponse) forward.apply(request), server,
          ((PollWorkflowTaskQueueRequest) request).getNamespace());
      default -> forward.apply(request);
    };
  }

  /** Frontend and history's start and signal checks ({@code api/create_workflow_util.go}, {@code api/signal_workflow_util.go}). */
  private Object refuseOversize(Object request, UnaryOperator<Object> forward, int payloadSize, String workflowId) {
    if (blobs.exceeds(payloadSize, workflowId, request.getClass().getSimpleName().replace("Request", ""))) {
      throw Status.INVALID_ARGUMENT.withDescription(BLOB_TOO_LARGE).asRuntimeException();
    }
    return forward.apply(request);
  }

  private Object signalWithStart(SignalWithStartWorkflowExecutionRequest request, UnaryOperator<Object> forward) {
    if (blobs.exceeds(request.getInput().getSerializedSize(), request.getWorkflowId(), "SignalWithStartWorkflowExecution")
        || blobs.exceeds(request.getSignalInput().getSerializedSize(), request.getWorkflowId(), "SignalWithStartWorkflowExecution")) {
      throw Status.INVALID_ARGUMENT.withDescription(BLOB_TOO_LARGE).asRuntimeException();
    }
    return forward.apply(request);
  }

  /**
   * An oversize result is recorded as a non-retryable failure of the activity (a ServerFailure on the server,
   * see {@link ServerFailures#ofActivity}); the worker hears success.
   */
  private Object activityCompleted(RespondActivityTaskCompletedRequest request, WorkflowServiceBlockingStub server,
      UnaryOperator<Object> forward) {
    if (!blobs.exceeds(request.getResult().getSerializedSize(), workflowId(request.getTaskToken()), "RespondActivityTaskCompleted")) {
      return forward.apply(request);
    }
    failActivity(server, request.getNamespace(), request.getTaskToken(), request.getIdentity(), COMPLETE_RESULT_TOO_LARGE);
    return RespondActivityTaskCompletedResponse.getDefaultInstance();
  }

  /** An oversize failure is replaced by the server's, cut original as its cause; oversize heartbeat details are dropped. */
  private Object activityFailed(RespondActivityTaskFailedRequest request, UnaryOperator<Object> forward) {
    String workflowId = workflowId(request.getTaskToken());
    RespondActivityTaskFailedRequest.Builder kept = request.toBuilder();
    RespondActivityTaskFailedResponse.Builder answer = RespondActivityTaskFailedResponse.newBuilder();
    if (request.hasLastHeartbeatDetails()
        && blobs.exceeds(request.getLastHeartbeatDetails().getSerializedSize(), workflowId, "RespondActivityTaskFailed")) {
      kept.clearLastHeartbeatDetails();
      answer.addFailures(ServerFailures.of(HEARTBEAT_TOO_LARGE, true));
    }
    if (blobs.exceeds(request.getFailure().getSerializedSize(), workflowId, "RespondActivityTaskFailed")) {
      kept.setFailure(ServerFailures.replacing(request.getFailure(), ServerFailures.ofActivity(FAILURE_TOO_LARGE), blobs.warnLimit()));
      answer.addFailures(kept.getFailure());
    }
    RespondActivityTaskFailedResponse response = (RespondActivityTaskFailedResponse) forward.apply(kept.build());
    return response.toBuilder().addAllFailures(answer.getFailuresList()).build();
  }

  private Object activityCanceled(RespondActivityTaskCanceledRequest request, WorkflowServiceBlockingStub server,
      UnaryOperator<Object> forward) {
    if (!blobs.exceeds(request.getDetails().getSerializedSize(), workflowId(request.getTaskToken()), "RespondActivityTaskCanceled")) {
      return forward.apply(request);
    }
    failActivity(server, request.getNamespace(), request.getTaskToken(), request.getIdentity(), CANCEL_DETAILS_TOO_LARGE);
    return RespondActivityTaskCanceledResponse.getDefaultInstance();
  }

  /** Oversize heartbeat details fail the activity at once; the worker is told it was cancelled. */
  private Object heartbeat(RecordActivityTaskHeartbeatRequest request, WorkflowServiceBlockingStub server,
      UnaryOperator<Object> forward) {
    if (!blobs.exceeds(request.getDetails().getSerializedSize(), workflowId(request.getTaskToken()), "RecordActivityTaskHeartbeat")) {
      return forward.apply(request);
    }
    failActivity(server, request.getNamespace(), request.getTaskToken(), request.getIdentity(), HEARTBEAT_TOO_LARGE);
    return RecordActivityTaskHeartbeatResponse.newBuilder().setCancelRequested(true).build();
  }

  /**
   * A command or message with an oversize payload fails the workflow task and terminates the workflow with
   * the same message, and the worker gets it back as InvalidArgument
   * ({@code api/respondworkflowtaskcompleted/api.go}). The server does all three in one transaction; here the
   * task failure and the termination are two calls, so a worker may take the task scheduled in between
   * (its answer is then refused, as the workflow is closed).
   */
  private Object workflowTaskCompleted(RespondWorkflowTaskCompletedRequest request, WorkflowServiceBlockingStub server,
      UnaryOperator<Object> forward) {
    WorkflowExecution execution = TaskTokens.execution(request.getTaskToken());
    Optional<CommandPayloads.Oversize> oversize = CommandPayloads.firstOversize(request, blobs, execution.getWorkflowId());
    if (oversize.isEmpty()) {
      RespondWorkflowTaskCompletedResponse response = (RespondWorkflowTaskCompletedResponse) forward.apply(request);
      if (response.hasWorkflowTask()
          && withinHistoryLimits(response.getWorkflowTask(), server, request.getNamespace()) != response.getWorkflowTask()) {
        return response.toBuilder().clearWorkflowTask().build();
      }
      return response;
    }
    String message = oversize.get().message();
    server.respondWorkflowTaskFailed(RespondWorkflowTaskFailedRequest.newBuilder()
        .setNamespace(request.getNamespace()).setTaskToken(request.getTaskToken()).setIdentity(request.getIdentity())
        .setCause(oversize.get().cause()).setFailure(ServerFailures.of(message, false)).build());
    terminate(server, request.getNamespace(), execution, message);
    throw Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  private Object workflowTaskFailed(RespondWorkflowTaskFailedRequest request, UnaryOperator<Object> forward) {
    if (!blobs.exceeds(request.getFailure().getSerializedSize(), workflowId(request.getTaskToken()), "RespondWorkflowTaskFailed")) {
      return forward.apply(request);
    }
    return forward.apply(request.toBuilder()
        .setFailure(ServerFailures.replacing(request.getFailure(), ServerFailures.of(FAILURE_TOO_LARGE, true), blobs.warnLimit())).build());
  }

  /** An oversize query answer reaches the caller as a failed query. */
  private Object queryAnswered(RespondQueryTaskCompletedRequest request, UnaryOperator<Object> forward) {
    if (!blobs.exceeds(request.getQueryResult().getSerializedSize(), "", "RespondQueryTaskCompleted")) {
      return forward.apply(request);
    }
    return forward.apply(RespondQueryTaskCompletedRequest.newBuilder()
        .setNamespace(request.getNamespace()).setTaskToken(request.getTaskToken())
        .setCompletedType(QueryResultType.QUERY_RESULT_TYPE_FAILED).setErrorMessage(BLOB_TOO_LARGE).build());
  }

  /**
   * A workflow over a history limit is terminated instead of getting its task; the worker polls on. The server
   * refuses the change that crossed the limit, so its history ends one transaction earlier than this one.
   */
  private PollWorkflowTaskQueueResponse withinHistoryLimits(PollWorkflowTaskQueueResponse task,
      WorkflowServiceBlockingStub server, String namespace) {
    Optional<String> reason = history.overLimit(task);
    if (reason.isEmpty()) {
      return task;
    }
    terminate(server, namespace, task.getWorkflowExecution(), reason.get());
    return PollWorkflowTaskQueueResponse.getDefaultInstance();
  }

  /** What the frontend does in the worker's place when the activity's own answer is over the limit. */
  private static void failActivity(WorkflowServiceBlockingStub server, String namespace, ByteString token,
      String identity, String message) {
    server.respondActivityTaskFailed(RespondActivityTaskFailedRequest.newBuilder()
        .setNamespace(namespace).setTaskToken(token).setIdentity(identity)
        .setFailure(ServerFailures.ofActivity(message)).build());
  }

  private static void terminate(WorkflowServiceBlockingStub server, String namespace, WorkflowExecution execution,
      String reason) {
    try {
      server.terminateWorkflowExecution(TerminateWorkflowExecutionRequest.newBuilder()
          .setNamespace(namespace).setWorkflowExecution(execution)
          .setReason(reason).setIdentity(SERVER_IDENTITY).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
  }

  /** For the warning only: a token this service did not issue is refused by the service itself. */
  private static String workflowId(ByteString token) {
    try {
      return TaskTokens.execution(token).getWorkflowId();
    } catch (StatusRuntimeException e) {
      return "";
    }
  }
}

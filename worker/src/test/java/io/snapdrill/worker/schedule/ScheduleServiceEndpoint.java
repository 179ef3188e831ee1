package io.snapdrill.worker.schedule;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.schedule.v1.Schedule;
import io.temporal.api.schedule.v1.ScheduleListEntry;
import io.temporal.api.schedule.v1.ScheduleListInfo;
import io.temporal.api.workflowservice.v1.CreateScheduleRequest;
import io.temporal.api.workflowservice.v1.CreateScheduleResponse;
import io.temporal.api.workflowservice.v1.DeleteScheduleRequest;
import io.temporal.api.workflowservice.v1.DeleteScheduleResponse;
import io.temporal.api.workflowservice.v1.DescribeScheduleRequest;
import io.temporal.api.workflowservice.v1.DescribeScheduleResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import io.temporal.api.workflowservice.v1.ListSchedulesResponse;
import io.temporal.api.workflowservice.v1.PatchScheduleRequest;
import io.temporal.api.workflowservice.v1.PatchScheduleResponse;
import io.temporal.api.workflowservice.v1.UpdateScheduleRequest;
import io.temporal.api.workflowservice.v1.UpdateScheduleResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schedule RPCs of Temporal's WorkflowService (create, describe, update, list, patch, delete), answered
 * at the gRPC level in process the way the frontend does (ALREADY_EXISTS on a second create,
 * NOT_FOUND for an unknown id, conflict tokens on update), so the SDK's real ScheduleClient and its
 * proto conversions run. Temporal's embedded test service does not implement schedules, and no
 * Temporal server binary (dev server) can be downloaded here.
 */
final class ScheduleServiceEndpoint extends WorkflowServiceGrpc.WorkflowServiceImplBase implements AutoCloseable {
  record Stored(Schedule schedule, long conflictToken) {}

  final Map<String, Stored> schedules = new ConcurrentHashMap<>();
  final Map<String, List<String>> patches = new ConcurrentHashMap<>();
  private final Server server;
  private final ManagedChannel channel;

  ScheduleServiceEndpoint() throws IOException {
    String name = "schedules-" + System.nanoTime();
    server = InProcessServerBuilder.forName(name).addService(this).directExecutor().build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  WorkflowServiceStubs stubs() {
    return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setChannel(channel).validateAndBuildWithDefaults());
  }

  @Override
  public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
    response.onNext(GetSystemInfoResponse.newBuilder().setServerVersion("1.26.0-fake").build());
    response.onCompleted();
  }

  @Override
  public void createSchedule(CreateScheduleRequest request, StreamObserver<CreateScheduleResponse> response) {
    if (schedules.putIfAbsent(request.getScheduleId(), new Stored(request.getSchedule(), 1)) != null) {
      response.onError(Status.ALREADY_EXISTS.withDescription("schedule with this ID is already registered").asRuntimeException());
      return;
    }
    response.onNext(CreateScheduleResponse.newBuilder().setConflictToken(token(1)).build());
    response.onCompleted();
  }

  @Override
  public void describeSchedule(DescribeScheduleRequest request, StreamObserver<DescribeScheduleResponse> response) {
    Stored stored = schedules.get(request.getScheduleId());
    if (stored == null) {
      response.onError(Status.NOT_FOUND.withDescription("schedule not found").asRuntimeException());
      return;
    }
    response.onNext(DescribeScheduleResponse.newBuilder().setSchedule(stored.schedule())
        .setConflictToken(token(stored.conflictToken())).build());
    response.onCompleted();
  }

  @Override
  public void updateSchedule(UpdateScheduleRequest request, StreamObserver<UpdateScheduleResponse> response) {
    Stored stored = schedules.get(request.getScheduleId());
    if (stored == null) {
      response.onError(Status.NOT_FOUND.withDescription("schedule not found").asRuntimeException());
      return;
    }
    if (!request.getConflictToken().isEmpty() && !request.getConflictToken().equals(token(stored.conflictToken()))) {
      response.onError(Status.FAILED_PRECONDITION.withDescription("mismatched conflict token").asRuntimeException());
      return;
    }
    schedules.put(request.getScheduleId(), new Stored(request.getSchedule(), stored.conflictToken() + 1));
    response.onNext(UpdateScheduleResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void patchSchedule(PatchScheduleRequest request, StreamObserver<PatchScheduleResponse> response) {
    Stored stored = schedules.get(request.getScheduleId());
    if (stored == null) {
      response.onError(Status.NOT_FOUND.withDescription("schedule not found").asRuntimeException());
      return;
    }
    var patch = request.getPatch();
    Schedule.Builder schedule = stored.schedule().toBuilder();
    List<String> log = patches.computeIfAbsent(request.getScheduleId(), id -> new ArrayList<>());
    if (!patch.getPause().isEmpty()) {
      schedule.getStateBuilder().setPaused(true).setNotes(patch.getPause());
      log.add("pause");
    }
    if (!patch.getUnpause().isEmpty()) {
      schedule.getStateBuilder().setPaused(false).setNotes(patch.getUnpause());
      log.add("unpause");
    }
    if (patch.hasTriggerImmediately()) {
      log.add("trigger overlap=" + patch.getTriggerImmediately().getOverlapPolicy());
    }
    schedules.put(request.getScheduleId(), new Stored(schedule.build(), stored.conflictToken() + 1));
    response.onNext(PatchScheduleResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void deleteSchedule(DeleteScheduleRequest request, StreamObserver<DeleteScheduleResponse> response) {
    if (schedules.remove(request.getScheduleId()) == null) {
      response.onError(Status.NOT_FOUND.withDescription("schedule not found").asRuntimeException());
      return;
    }
    response.onNext(DeleteScheduleResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void listSchedules(ListSchedulesRequest request, StreamObserver<ListSchedulesResponse> response) {
    ListSchedulesResponse.Builder list = ListSchedulesResponse.newBuilder();
    new TreeMap<>(schedules).forEach((id, stored) -> list.addSchedules(ScheduleListEntry.newBuilder()
        .setScheduleId(id)
        .setInfo(ScheduleListInfo.newBuilder()
            .setSpec(stored.schedule().getSpec())
            .setWorkflowType(stored.schedule().getAction().getStartWorkflow().getWorkflowType())
            .setNotes(stored.schedule().getState().getNotes())
            .setPaused(stored.schedule().getState().getPaused()))));
    response.onNext(list.build());
    response.onCompleted();
  }

  private static ByteString token(long n) {
    return ByteString.copyFromUtf8(Long.toString(n));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}

package io.snapdrill.worker.history;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributes;
import io.temporal.internal.common.ProtobufTimeUtils;
import io.temporal.internal.common.SearchAttributesUtil;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Drills as Temporal's visibility knows them, for {@code snapdrill status}. */
public final class DrillHistory {
  private static final String RUNNING = "RUNNING";

  /**
   * One drill as listed.
   *
   * @param retry what a running drill's stage is retrying and why; null when nothing is
   * @param snapshotUuid the drilled snapshot's UUID once known (DrSnapshotUuid); null before, and for drills
   *     of workers that did not record it
   */
  public record DrillRow(String workflowId, String cluster, String snapshot, String stage, String outcome,
      String status, Instant startedAt, Instant closedAt, ActivityRetry retry, String snapshotUuid) {

    public Duration duration() {
      return startedAt == null ? null : Duration.between(startedAt, closedAt != null ? closedAt : Instant.now());
    }
  }

  private final WorkflowClient client;

  public DrillHistory(WorkflowClient client) {
    this.client = client;
  }

  public List<DrillRow> list(String cluster, Instant since) {
    List<DrillRow> rows;
    try {
      String query = "WorkflowType = 'DrillWorkflow' AND StartTime >= '" + since + "'"
          + (cluster != null ? " AND DrCluster = '" + cluster.replace("'", "") + "'" : "");
      rows = client.listExecutions(query).map(DrillHistory::row).map(this::withRetry).collect(Collectors.toList());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED && e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
        throw e;
      }
      // Servers without advanced visibility (and the embedded test service) only list by type and time.
      rows = listByType(since).stream()
          .map(this::described)
          .filter(r -> cluster == null || cluster.equals(r.cluster()))
          .collect(Collectors.toList());
    }
    rows.sort(Comparator.comparing(DrillRow::startedAt, Comparator.nullsLast(Comparator.reverseOrder())));
    return rows;
  }

  private List<DrillRow> listByType(Instant since) {
    var stub = client.getWorkflowServiceStubs().blockingStub();
    String namespace = client.getOptions().getNamespace();
    StartTimeFilter time = StartTimeFilter.newBuilder()
        .setEarliestTime(ProtobufTimeUtils.toProtoTimestamp(since))
        .setLatestTime(ProtobufTimeUtils.toProtoTimestamp(Instant.now().plusSeconds(60)))
        .build();
    WorkflowTypeFilter type = WorkflowTypeFilter.newBuilder().setName("DrillWorkflow").build();
    List<DrillRow> rows = new ArrayList<>();
    stub.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace).setStartTimeFilter(time).setTypeFilter(type).setMaximumPageSize(1000).build())
        .getExecutionsList().forEach(i -> rows.add(row(i)));
    stub.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace).setStartTimeFilter(time).setTypeFilter(type).setMaximumPageSize(1000).build())
        .getExecutionsList().forEach(i -> rows.add(row(i)));
    return rows;
  }

  /** Listing without advanced visibility leaves search attributes out; describing each drill fills them. */
  private DrillRow described(DrillRow row) {
    if (row.cluster() != null) {
      return withRetry(row);
    }
    try {
      DescribeWorkflowExecutionResponse description = describe(row.workflowId());
      return withRetry(row(description.getWorkflowExecutionInfo()), description);
    } catch (StatusRuntimeException e) {
      return row;
    }
  }

  /** A running drill with the retry of its pending activity, which only describing the drill tells. */
  private DrillRow withRetry(DrillRow row) {
    if (!RUNNING.equals(row.status())) {
      return row;
    }
    try {
      return withRetry(row, describe(row.workflowId()));
    } catch (StatusRuntimeException e) {
      return row; // the retry is a detail; the list stands without it
    }
  }

  private DrillRow withRetry(DrillRow row, DescribeWorkflowExecutionResponse description) {
    ActivityRetry retry = ActivityRetry.first(description.getPendingActivitiesList(), client.getOptions().getDataConverter());
    return retry == null ? row : new DrillRow(row.workflowId(), row.cluster(), row.snapshot(), row.stage(),
        row.outcome(), row.status(), row.startedAt(), row.closedAt(), retry, row.snapshotUuid());
  }

  private DescribeWorkflowExecutionResponse describe(String workflowId) {
    return client.getWorkflowServiceStubs().blockingStub()
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build());
  }

  private static DrillRow row(WorkflowExecutionMetadata m) {
    return row(m.getWorkflowExecutionInfo());
  }

  private static DrillRow row(WorkflowExecutionInfo info) {
    SearchAttributes attributes = SearchAttributesUtil.decodeTyped(info.getSearchAttributes());
    WorkflowExecution execution = info.getExecution();
    String status = info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    return new DrillRow(execution.getWorkflowId(),
        attributes.get(DrillSearchAttributes.CLUSTER), attributes.get(DrillSearchAttributes.SNAPSHOT),
        attributes.get(DrillSearchAttributes.STAGE), attributes.get(DrillSearchAttributes.OUTCOME), status,
        info.hasStartTime() ? ProtobufTimeUtils.toJavaInstant(info.getStartTime()) : null,
        info.hasCloseTime() ? ProtobufTimeUtils.toJavaInstant(info.getCloseTime()) : null, null,
        attributes.get(DrillSearchAttributes.SNAPSHOT_UUID));
  }
}

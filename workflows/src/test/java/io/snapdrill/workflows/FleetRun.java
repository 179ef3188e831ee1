package io.snapdrill.workflows;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.model.RestoreAThonResult;
import io.snapdrill.model.ReportLocation;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * A restore-a-thon over {@code clusters} clusters with stub activities on the embedded service (with the
 * real server's limits), and what it cost in Temporal's terms: events and sizes of each run of the
 * restore-a-thon and of a drill. Shared by {@code RestoreAThonFleetTest} and {@code RestoreAThonFleetBenchmark}.
 */
final class FleetRun {
  /** One workflow run's history: events, bytes, and its largest event (which bounds its largest payload). */
  record HistoryFigures(String workflowId, int events, long bytes, int largestEvent) {
    static HistoryFigures of(String workflowId, List<HistoryEvent> events) {
      long bytes = 0;
      int largest = 0;
      for (HistoryEvent e : events) {
        bytes += e.getSerializedSize();
        largest = Math.max(largest, e.getSerializedSize());
      }
      return new HistoryFigures(workflowId, events.size(), bytes, largest);
    }
  }

  record Figures(int clusters, RestoreAThonResult result, RestoreAThonReportRequest reportRequest, DrillFixtures fx,
      List<HistoryFigures> parentRuns, HistoryFigures firstDrill, HistoryFigures lastDrill, long wallMillis,
      long peakHeapBytes) {

    String describe() {
      StringBuilder s = new StringBuilder();
      s.append(String.format("restore-a-thon of %d clusters: %d passed, %d runs, %d ms wall, peak heap %d MB%n",
          clusters, result.passed(), parentRuns.size(), wallMillis, peakHeapBytes / (1024 * 1024)));
      for (HistoryFigures run : parentRuns) {
        s.append(String.format("  parent run: %d events, %d KB history, largest event %d KB%n",
            run.events(), run.bytes() / 1024, run.largestEvent() / 1024));
      }
      for (HistoryFigures drill : List.of(firstDrill, lastDrill)) {
        s.append(String.format("  drill %s: %d events, %d KB history, largest event %d KB%n",
            drill.workflowId(), drill.events(), drill.bytes() / 1024, drill.largestEvent() / 1024));
      }
      return s.toString();
    }
  }

  private FleetRun() {}

  static String cluster(int i) {
    return String.format("cluster-%04d", i);
  }

  static Figures run(TestWorkflowEnvironment env, Worker worker, WorkflowClient client, int clusters, int hosts) {
    DrillFixtures fx = new DrillFixtures();
    AtomicReference<RestoreAThonReportRequest> reportRequest = new AtomicReference<>();
    when(fx.reports.writeRestoreAThonReport(any())).thenAnswer(inv -> {
      reportRequest.set(inv.getArgument(0));
      return new ReportLocation("a.json", "a.md", "a.html");
    });
    worker.registerActivitiesImplementations(fx.all());
    env.start();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

    String id = "fleet";
    List<DrillRequest> drills = IntStream.range(0, clusters).mapToObj(i -> DrillRequest.newSnapshot(cluster(i))).toList();
    RestoreAThonWorkflow restoreAThon = client.newWorkflowStub(RestoreAThonWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(worker.getTaskQueue()).build());
    long start = System.nanoTime();
    WorkflowExecution first = WorkflowClient.start(restoreAThon::run, new RestoreAThonRequest(drills, hosts));
    RestoreAThonResult result = WorkflowStub.fromTyped(restoreAThon).getResult(RestoreAThonResult.class);
    long wall = (System.nanoTime() - start) / 1_000_000;
    long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();

    List<HistoryFigures> runs = new ArrayList<>();
    String runId = first.getRunId();
    while (runId != null) {
      List<HistoryEvent> events = client.fetchHistory(id, runId).getEvents();
      runs.add(HistoryFigures.of(id, events));
      HistoryEvent last = events.get(events.size() - 1);
      runId = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId() : null;
    }
    String firstDrill = id + "-" + cluster(0);
    String lastDrill = id + "-" + cluster(clusters - 1);
    return new Figures(clusters, result, reportRequest.get(), fx, runs,
        HistoryFigures.of(firstDrill, client.fetchHistory(firstDrill).getEvents()),
        HistoryFigures.of(lastDrill, client.fetchHistory(lastDrill).getEvents()), wall, peakHeap);
  }
}

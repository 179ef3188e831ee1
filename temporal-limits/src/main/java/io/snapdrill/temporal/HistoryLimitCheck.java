package io.snapdrill.temporal;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's history limits (temporalio/temporal {@code service/history/workflow/context.go},
 * {@code enforceHistorySizeCheck} and {@code enforceHistoryCountCheck}): a running workflow whose history grew
 * past the size or event count limit is terminated with the server's reason; past a warning threshold it is
 * logged. Measured at each workflow task a worker takes: its started event carries the event count and (from
 * the test service) the history size, and every change to a running workflow leads to a workflow task.
 */
final class HistoryLimitCheck {
  static final String SIZE_REASON = "Workflow history size exceeds limit.";
  static final String COUNT_REASON = "Workflow history count exceeds limit.";
  private static final Logger log = LoggerFactory.getLogger(HistoryLimitCheck.class);
  /** The server throttles these warnings; one per run and kind is enough to be seen without flooding. */
  private static final int WARNED_RUNS_KEPT = 10_000;

  private final ServerLimits limits;
  private final Set<String> warned = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<String, Boolean>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > WARNED_RUNS_KEPT;
        }
      }));

  HistoryLimitCheck(ServerLimits limits) {
    this.limits = limits;
  }

  /** The termination reason when this task's workflow is over a limit. */
  Optional<String> overLimit(PollWorkflowTaskQueueResponse task) {
    int events = task.getHistory().getEventsCount();
    if (events == 0 || !task.getHistory().getEvents(events - 1).hasWorkflowTaskStartedEventAttributes()) {
      return Optional.empty();
    }
    HistoryEvent started = task.getHistory().getEvents(events - 1);
    long count = started.getEventId();
    long size = started.getWorkflowTaskStartedEventAttributes().getHistorySizeBytes();
    String run = task.getWorkflowExecution().getRunId();
    if (size > limits.historySizeError()) {
      log.warn("history size exceeds error limit. wf-id={} wf-history-size={}", task.getWorkflowExecution().getWorkflowId(), size);
      return Optional.of(SIZE_REASON);
    }
    if (count > limits.historyCountError()) {
      log.warn("history count exceeds error limit. wf-id={} wf-event-count={}", task.getWorkflowExecution().getWorkflowId(), count);
      return Optional.of(COUNT_REASON);
    }
    if (size > limits.historySizeWarn() && warned.add("size " + run)) {
      log.warn("history size exceeds warn limit. wf-id={} wf-history-size={} (terminated above {})",
          task.getWorkflowExecution().getWorkflowId(), size, limits.historySizeError());
    }
    if (count > limits.historyCountWarn() && warned.add("count " + run)) {
      log.warn("history count exceeds warn limit. wf-id={} wf-event-count={} (terminated above {})",
          task.getWorkflowExecution().getWorkflowId(), count, limits.historyCountError());
    }
    return Optional.empty();
  }
}

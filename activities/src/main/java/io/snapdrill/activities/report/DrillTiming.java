package io.snapdrill.activities.report;

import com.google.protobuf.Timestamp;
import io.snapdrill.model.HumanDuration;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a drill's wall time went, read from its workflow history: inside activities (the work),
 * waiting by design (durable timers: replication backoff, an operator's heal decision), and the rest,
 * which is orchestration overhead (scheduling, workflow tasks, retries' backoff).
 *
 * <p>History records the last attempt of a retried activity only, so time in earlier failed
 * attempts counts as overhead: the figure is an upper bound.
 */
public record DrillTiming(Duration wall, Duration inActivities, Duration waiting, Duration overhead) {

  /** The share of the wall time that was overhead, in percent. */
  public double overheadPercent() {
    return wall.isZero() ? 0 : 100.0 * overhead.toMillis() / wall.toMillis();
  }

  public String describe() {
    return String.format(java.util.Locale.ROOT,
        "drill wall time %s: %s inside activities, %s waiting by design (backoff, operator), %s orchestration"
            + " overhead (%.1f%%)", HumanDuration.of(wall), HumanDuration.of(inActivities), HumanDuration.of(waiting),
        HumanDuration.of(overhead), overheadPercent());
  }

  /** From the first event to the last one in {@code history} (a running drill: up to now). */
  public static DrillTiming from(List<HistoryEvent> history) {
    if (history.isEmpty()) {
      return new DrillTiming(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
    long start = millis(history.get(0).getEventTime());
    long end = millis(history.get(history.size() - 1).getEventTime());
    Map<Long, Long> startedAt = new HashMap<>();
    Map<Long, Long> timerStartedAt = new HashMap<>();
    List<long[]> activities = new ArrayList<>();
    List<long[]> timers = new ArrayList<>();
    for (HistoryEvent e : history) {
      long at = millis(e.getEventTime());
      switch (e.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> startedAt.put(e.getEventId(), at);
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
            close(activities, startedAt, e.getActivityTaskCompletedEventAttributes().getStartedEventId(), at);
        case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
            close(activities, startedAt, e.getActivityTaskFailedEventAttributes().getStartedEventId(), at);
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
            close(activities, startedAt, e.getActivityTaskTimedOutEventAttributes().getStartedEventId(), at);
        case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
            close(activities, startedAt, e.getActivityTaskCanceledEventAttributes().getStartedEventId(), at);
        case EVENT_TYPE_TIMER_STARTED -> timerStartedAt.put(e.getEventId(), at);
        case EVENT_TYPE_TIMER_FIRED ->
            close(timers, timerStartedAt, e.getTimerFiredEventAttributes().getStartedEventId(), at);
        case EVENT_TYPE_TIMER_CANCELED ->
            close(timers, timerStartedAt, e.getTimerCanceledEventAttributes().getStartedEventId(), at);
        default -> { }
      }
    }
    // an activity or timer still open counts until the end
    startedAt.values().forEach(at -> activities.add(new long[] {at, end}));
    timerStartedAt.values().forEach(at -> timers.add(new long[] {at, end}));
    long inActivities = covered(activities);
    List<long[]> both = new ArrayList<>(activities);
    both.addAll(timers);
    long busy = covered(both);
    long wall = end - start;
    return new DrillTiming(Duration.ofMillis(wall), Duration.ofMillis(inActivities),
        Duration.ofMillis(busy - inActivities), Duration.ofMillis(Math.max(0, wall - busy)));
  }

  private static void close(List<long[]> intervals, Map<Long, Long> open, long startedEventId, long at) {
    Long from = open.remove(startedEventId);
    if (from != null) {
      intervals.add(new long[] {from, at});
    }
  }

  /** Length of the union of the intervals. */
  private static long covered(List<long[]> intervals) {
    List<long[]> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingLong(i -> i[0]));
    long total = 0;
    long reach = Long.MIN_VALUE;
    for (long[] i : sorted) {
      long from = Math.max(i[0], reach);
      if (i[1] > from) {
        total += i[1] - from;
        reach = i[1];
      }
    }
    return total;
  }

  private static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }

  /** How the report activity finds the history of the drill it reports on. */
  @FunctionalInterface
  public interface Source {
    Source NONE = (workflowId, runId) -> null;

    /** The drill's timing so far, or null when it cannot be read. */
    DrillTiming of(String workflowId, String runId);
  }
}

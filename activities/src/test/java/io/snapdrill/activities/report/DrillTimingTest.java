package io.snapdrill.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskFailedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.TimerFiredEventAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillTimingTest {
  private final List<HistoryEvent> history = new ArrayList<>();

  @Test
  void splitsTheWallTimeIntoActivitiesWaitsAndOverhead() {
    event(1, 0, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    long a = event(2, 1_000, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    completed(3, 11_000, a);                                   // 10 s of work
    long t = event(4, 11_500, EventType.EVENT_TYPE_TIMER_STARTED);
    fired(5, 16_500, t);                                       // 5 s of backoff
    long b = event(6, 17_000, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    failed(7, 19_000, b);                                      // 2 s of work that failed
    event(8, 20_000, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);

    DrillTiming timing = DrillTiming.from(history);

    assertThat(timing.wall()).isEqualTo(Duration.ofSeconds(20));
    assertThat(timing.inActivities()).isEqualTo(Duration.ofSeconds(12));
    assertThat(timing.waiting()).isEqualTo(Duration.ofSeconds(5));
    assertThat(timing.overhead()).isEqualTo(Duration.ofSeconds(3));
    assertThat(timing.overheadPercent()).isEqualTo(15.0);
    assertThat(timing.describe()).contains("drill wall time 20 s:", "12 s inside activities", "3.0 s orchestration overhead (15.0%)");
  }

  @Test
  void anActivityStillRunningCountsUntilTheLastEventAndOverlapsCountOnce() {
    event(1, 0, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    long t = event(2, 0, EventType.EVENT_TYPE_TIMER_STARTED);
    event(3, 2_000, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    fired(4, 6_000, t);
    event(5, 8_000, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);

    DrillTiming timing = DrillTiming.from(history);

    assertThat(timing.inActivities()).isEqualTo(Duration.ofSeconds(6));
    assertThat(timing.waiting()).isEqualTo(Duration.ofSeconds(2));
    assertThat(timing.overhead()).isZero();
  }

  private long event(long id, long atMillis, EventType type) {
    history.add(base(id, atMillis, type).build());
    return id;
  }

  private void completed(long id, long atMillis, long startedId) {
    history.add(base(id, atMillis, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
        .setActivityTaskCompletedEventAttributes(ActivityTaskCompletedEventAttributes.newBuilder().setStartedEventId(startedId))
        .build());
  }

  private void failed(long id, long atMillis, long startedId) {
    history.add(base(id, atMillis, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
        .setActivityTaskFailedEventAttributes(ActivityTaskFailedEventAttributes.newBuilder().setStartedEventId(startedId))
        .build());
  }

  private void fired(long id, long atMillis, long startedId) {
    history.add(base(id, atMillis, EventType.EVENT_TYPE_TIMER_FIRED)
        .setTimerFiredEventAttributes(TimerFiredEventAttributes.newBuilder().setStartedEventId(startedId))
        .build());
  }

  private static HistoryEvent.Builder base(long id, long atMillis, EventType type) {
    return HistoryEvent.newBuilder().setEventId(id).setEventType(type)
        .setEventTime(Timestamp.newBuilder().setSeconds(atMillis / 1000).setNanos((int) (atMillis % 1000) * 1_000_000));
  }
}

package io.snapdrill.worker.history;

import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.common.converter.DataConverter;
import io.temporal.failure.TemporalFailure;
import io.temporal.internal.common.ProtobufTimeUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A drill's activity that failed and is being retried, as Temporal describes its pending activity:
 * workflow code cannot see attempts, so on-call learns of an unreachable cluster only from here.
 *
 * @param attempt the attempt running or waiting to run (2 after the first failure)
 * @param maximumAttempts 0 when the retry policy never gives up (restore host teardown)
 * @param running a worker has started the attempt
 * @param nextAttemptAt when the waiting attempt is due; null while it runs, and from servers that do not
 *     tell (the embedded one)
 */
public record ActivityRetry(String activity, int attempt, int maximumAttempts, String lastFailure, boolean running,
    Instant nextAttemptAt) {

  /**
   * The first of a drill's pending activities that has failed before; null when none has.
   *
   * @param converter the client's: the failure's message may be encoded (encrypted) by its codecs
   */
  public static ActivityRetry first(List<PendingActivityInfo> pending, DataConverter converter) {
    for (PendingActivityInfo activity : pending) {
      if (activity.getAttempt() > 1 && activity.hasLastFailure()) {
        return new ActivityRetry(activity.getActivityType().getName(), activity.getAttempt(),
            activity.getMaximumAttempts(), message(activity.getLastFailure(), converter),
            activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
            activity.hasNextAttemptScheduleTime()
                ? ProtobufTimeUtils.toJavaInstant(activity.getNextAttemptScheduleTime()) : null);
      }
    }
    return null;
  }

  private static String message(Failure failure, DataConverter converter) {
    RuntimeException decoded = converter.failureToException(failure);
    return decoded instanceof TemporalFailure t ? t.getOriginalMessage() : decoded.getMessage();
  }

  /** The failure and the attempt, e.g. "cluster logs-prod unreachable (connection refused), attempt 3 of 10". */
  public String summary() {
    return lastFailure + ", attempt " + attempt + (maximumAttempts > 0 ? " of " + maximumAttempts : "");
  }

  /** {@link #summary()} and {@link #whenNext}. */
  public String describe(Instant now) {
    return summary() + whenNext(now);
  }

  /** When the attempt runs: ", next in 8 s", " running", or " waiting" (due, or its time not told). */
  public String whenNext(Instant now) {
    if (running) {
      return " running";
    }
    if (nextAttemptAt == null || !nextAttemptAt.isAfter(now)) {
      return " waiting";
    }
    return ", next in " + Math.max(1, Duration.between(now, nextAttemptAt).toSeconds()) + " s";
  }
}

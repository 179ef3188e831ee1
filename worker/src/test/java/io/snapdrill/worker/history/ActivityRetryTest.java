package io.snapdrill.worker.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.worker.codec.PayloadCodecs;
import io.snapdrill.worker.codec.PayloadKeyring;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.internal.common.ProtobufTimeUtils;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a real Temporal server says of an activity in backoff (the embedded one leaves the next attempt's time out). */
class ActivityRetryTest {
  private static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");
  private static final DataConverter PLAIN = DefaultDataConverter.STANDARD_INSTANCE;

  private static PendingActivityInfo.Builder pending(String type, int attempt) {
    return PendingActivityInfo.newBuilder().setActivityType(ActivityType.newBuilder().setName(type))
        .setAttempt(attempt).setMaximumAttempts(10).setState(PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
  }

  @Test
  void anActivityInBackoffSaysWhyWhichAttemptAndWhenTheNextRuns() {
    PendingActivityInfo firstTry = pending("CheckReplica", 1).build();
    PendingActivityInfo backingOff = pending("TakeSnapshot", 3)
        .setLastFailure(Failure.newBuilder().setMessage("cluster logs-prod unreachable (connection refused)"))
        .setNextAttemptScheduleTime(ProtobufTimeUtils.toProtoTimestamp(NOW.plusSeconds(8)))
        .build();

    ActivityRetry retry = ActivityRetry.first(List.of(firstTry, backingOff), PLAIN);

    assertThat(retry.activity()).isEqualTo("TakeSnapshot");
    assertThat(retry.describe(NOW))
        .isEqualTo("cluster logs-prod unreachable (connection refused), attempt 3 of 10, next in 8 s");
    assertThat(retry.describe(NOW.plusSeconds(9))).endsWith("attempt 3 of 10 waiting");
  }

  @Test
  void aRunningRetryOfAPolicyThatNeverGivesUpHasNoMaximum() {
    PendingActivityInfo teardown = pending("TeardownHost", 4).setMaximumAttempts(0)
        .setState(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
        .setLastFailure(Failure.newBuilder().setMessage("RequestLimitExceeded"))
        .build();

    assertThat(ActivityRetry.first(List.of(teardown), PLAIN).describe(NOW)).isEqualTo("RequestLimitExceeded, attempt 4 running");
  }

  @Test
  void anEncryptedFailureIsReadWithTheClientsKeys() {
    DataConverter encrypting = PayloadCodecs.dataConverter(PayloadKeyring.ephemeral());
    Failure encoded = encrypting.exceptionToFailure(
        ApplicationFailure.newFailure("cluster logs-prod unreachable (connection refused)", "STAGE_ERROR"));
    PendingActivityInfo backingOff = pending("TakeSnapshot", 2).setLastFailure(encoded).build();

    assertThat(encoded.getMessage()).doesNotContain("logs-prod");
    assertThat(ActivityRetry.first(List.of(backingOff), encrypting).lastFailure())
        .isEqualTo("cluster logs-prod unreachable (connection refused)");
  }

  @Test
  void activitiesThatHaveNotFailedAreNoRetry() {
    assertThat(ActivityRetry.first(List.of(pending("TakeSnapshot", 1).build()), PLAIN)).isNull();
  }
}

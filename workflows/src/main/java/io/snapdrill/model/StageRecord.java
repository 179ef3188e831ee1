package io.snapdrill.model;

import java.time.Instant;

/** One stage of one drill, as the progress query, the report and the history show it. */
public record StageRecord(
    Stage stage,
    StageStatus status,
    Instant startedAt,
    Instant endedAt,
    String detail,
    FailureType failureType) {

  public static StageRecord pending(Stage stage) {
    return new StageRecord(stage, StageStatus.PENDING, null, null, null, null);
  }

  public Long durationMillis() {
    return startedAt == null || endedAt == null ? null : endedAt.toEpochMilli() - startedAt.toEpochMilli();
  }
}

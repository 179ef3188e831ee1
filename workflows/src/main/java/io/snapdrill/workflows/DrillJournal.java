package io.snapdrill.workflows;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StageStatus;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a drill has done so far, stage by stage: the source of the progress query, the report's
 * timings and the DrStage/DrOutcome search attributes. Lives inside one workflow run (no statics).
 */
final class DrillJournal {
  /** In the order the workflow runs its stages: the progress query and the report list them so. */
  private final Map<Stage, StageRecord> stages = new LinkedHashMap<>();
  private Stage current;
  private String lastDetail;

  /** A drill's journal. */
  DrillJournal() {
    this(Stage.DRILL);
  }

  /** The journal of a workflow that runs {@code order}. */
  DrillJournal(List<Stage> order) {
    for (Stage stage : order) {
      stages.put(stage, StageRecord.pending(stage));
    }
  }

  void start(Stage stage, String detail) {
    current = stage;
    lastDetail = detail;
    StageRecord previous = stages.get(stage);
    // A stage can run twice (restore on a replacement host): keep the first start for the timings.
    Instant startedAt = previous.startedAt() != null ? previous.startedAt() : now();
    stages.put(stage, new StageRecord(stage, StageStatus.RUNNING, startedAt, null, detail, null));
    Workflow.upsertTypedSearchAttributes(DrillSearchAttributes.STAGE.valueSet(stage.name()));
  }

  void detail(String detail) {
    lastDetail = detail;
    if (current != null) {
      StageRecord r = stages.get(current);
      stages.put(current, new StageRecord(r.stage(), r.status(), r.startedAt(), r.endedAt(), detail, r.failureType()));
    }
  }

  /** What the drill waits for between stages (a restore host slot): the progress query's last detail only. */
  void between(String detail) {
    lastDetail = detail;
  }

  void passed(Stage stage, String detail) {
    end(stage, StageStatus.PASSED, detail, null);
  }

  void failed(Stage stage, FailureType failureType, String detail) {
    end(stage, StageStatus.FAILED, detail, failureType);
  }

  /** Marks the running stage canceled, if one has started. */
  void canceledCurrent() {
    if (current != null) {
      end(current, StageStatus.CANCELED, "canceled", null);
    }
  }

  void skipped(Stage stage, String why) {
    StageRecord r = stages.get(stage);
    stages.put(stage, new StageRecord(stage, StageStatus.SKIPPED, r.startedAt(), r.endedAt(), why, null));
  }

  void outcome(DrillOutcome outcome) {
    Workflow.upsertTypedSearchAttributes(DrillSearchAttributes.OUTCOME.valueSet(outcome.name()));
  }

  private void end(Stage stage, StageStatus status, String detail, FailureType failureType) {
    StageRecord r = stages.get(stage);
    Instant startedAt = r.startedAt() != null ? r.startedAt() : now();
    stages.put(stage, new StageRecord(stage, status, startedAt, now(), detail, failureType));
    lastDetail = detail;
  }

  /** The stage that is running, or the one that ran last. */
  Stage current() {
    return current;
  }

  /** Marks the drill stages that never ran; TEARDOWN and REPORT always run, so they stay pending. */
  void skipPending(String why) {
    for (StageRecord r : List.copyOf(stages.values())) {
      if (r.status() == StageStatus.PENDING && r.stage() != Stage.TEARDOWN && r.stage() != Stage.REPORT) {
        skipped(r.stage(), why);
      }
    }
  }

  String lastDetail() {
    return lastDetail;
  }

  List<StageRecord> records() {
    return new ArrayList<>(stages.values());
  }

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}

package io.snapdrill.workflows;

import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.HealDecision;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One restore drill of one cluster and snapshot: SNAPSHOT, CONFIRM_REPLICATION, AUDIT_STORAGE,
 * PROVISION_HOST, RESTORE, VERIFY, then always TEARDOWN and REPORT. A failed drill fails the workflow
 * with the failing stage's {@link io.snapdrill.model.FailureType} and carries the {@link DrillResult}
 * as the failure's details.
 */
@WorkflowInterface
public interface DrillWorkflow {

  String TASK_QUEUE = "snapdrill";

  @WorkflowMethod
  DrillResult run(DrillRequest request);

  @QueryMethod
  DrillProgress progress();

  String DECIDE_HEAL = "decideHeal";

  /** From the drill's restore-a-thon: the restore host slot it asked for is its until it gives it back. */
  @SignalMethod
  void hostSlotGranted();

  /**
   * From the drill's restore-a-thon, to learn whether a drill started by an earlier run is still open: a
   * signal to a closed workflow fails, which tells the restore-a-thon that drill died without reporting.
   */
  @SignalMethod
  void restoreAThonPing();


  /** The operator's decision for heal policy ASK; the first accepted is the drill's decision. */
  @UpdateMethod(name = DECIDE_HEAL)
  String decideHeal(HealDecision decision);

  @UpdateValidatorMethod(updateName = DECIDE_HEAL)
  void validateHealDecision(HealDecision decision);

  /**
   * The update id a heal decision is sent with, fixed per drill and answer: Temporal keeps one update per
   * id in a workflow, so a retried approval (or denial) gets the first one's answer instead of being
   * refused as a second decision, while the opposite answer after it is refused and says who decided.
   */
  static String healDecisionUpdateId(boolean approve) {
    return approve ? "heal-decision-approve" : "heal-decision-deny";
  }

  /** Workflow id of the drill of one cluster and snapshot: one snapshot gives one drill. */
  static String idFor(String cluster, String snapshotUuid) {
    return "drill-" + cluster + "-" + snapshotUuid;
  }
}

package io.snapdrill.workflows;

import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealDecision;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Heal policy ASK: the delete markers a drill waits to remove, and the operator's decision, which
 * arrives as the decideHeal update while the drill waits (and is refused at any other time). The first
 * decision accepted is the drill's decision: every later one is refused, and the drill follows the one
 * recorded, whatever ended its wait.
 */
final class HealApproval {
  /** Workflow.getVersion change: the drill follows the recorded decision, not the wait's outcome. */
  static final String DECISION_RECORDED = "heal-decision-recorded";

  private boolean awaiting;
  private List<DeleteMarker> markers = List.of();
  private int markerCount;
  private HealDecision decision;

  /** Waits up to the deadline; the operator's decision, or null when nobody decided in time. */
  HealDecision await(List<DeleteMarker> hiding, int count, Duration deadline) {
    markers = hiding;
    markerCount = count;
    awaiting = true;
    boolean decidedInTime = Workflow.await(deadline, () -> decision != null);
    awaiting = false;
    // A decision accepted in the workflow task in which the deadline fired ends the wait as "timed out",
    // yet its operator was told it counts. Drills started before this change keep their old path.
    if (Workflow.getVersion(DECISION_RECORDED, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return decidedInTime ? decision : null;
    }
    return decision;
  }

  /**
   * Refuses a decision that names no operator, one that comes after a decision was recorded (two can reach
   * the drill in one workflow task: validators and handlers run one update after the other), or one that
   * comes while the drill is not waiting. Validators do not run on replay, so this needs no getVersion.
   */
  void validate(HealDecision candidate, Supplier<String> notAwaiting) {
    if (candidate == null || candidate.operator() == null || candidate.operator().isBlank()) {
      throw new IllegalArgumentException("a heal decision must name the operator who made it");
    }
    if (decision != null) {
      throw new IllegalStateException(OnCallTexts.healAlreadyDecided(decision));
    }
    if (!awaiting) {
      throw new IllegalStateException(notAwaiting.get());
    }
  }

  boolean awaiting() {
    return awaiting;
  }

  List<DeleteMarker> markers() {
    return markers;
  }

  /** Records the decision; the answer the operator sees. */
  String decide(HealDecision decided) {
    this.decision = decided;
    return OnCallTexts.healDecided(decided, markerCount);
  }
}

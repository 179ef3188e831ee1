package io.snapdrill.workflows;

import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealDecision;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Heal policy ASK: the delete markers a drill waits to remove, and the operator's decision, which
 * arrives as the decideHeal update while the drill waits (and is refused at any other time).
 */
final class HealApproval {
  private boolean awaiting;
  private List<DeleteMarker> markers = List.of();
  private HealDecision decision;

  /** Waits up to the deadline; the operator's decision, or null when nobody decided in time. */
  HealDecision await(List<DeleteMarker> hiding, Duration deadline) {
    markers = hiding;
    awaiting = true;
    boolean decided = Workflow.await(deadline, () -> decision != null);
    awaiting = false;
    return decided ? decision : null;
  }

  /** Refuses a decision that names no operator, or that comes while the drill is not waiting for one. */
  void validate(HealDecision decision, Supplier<String> notAwaiting) {
    if (decision == null || decision.operator() == null || decision.operator().isBlank()) {
      throw new IllegalArgumentException("a heal decision must name the operator who made it");
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
  String decide(HealDecision decision) {
    this.decision = decision;
    return OnCallTexts.healDecided(decision, markers.size());
  }
}

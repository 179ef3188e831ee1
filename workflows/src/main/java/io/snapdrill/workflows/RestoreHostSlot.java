package io.snapdrill.workflows;

import io.snapdrill.model.DrillSummary;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * A drill's restore host slot, asked of the restore-a-thon that started it (the workflow named by its
 * {@code DrRestoreAThon} search attribute): asked before PROVISION_HOST, given back after TEARDOWN, and the
 * drill's summary sent when it ends. Signals go to the restore-a-thon's workflow id without a run id, so
 * they reach its current run after it continued as new. A drill without that attribute (standalone, or
 * started by a restore-a-thon from before host slots) has nobody to ask and goes on at once.
 */
final class RestoreHostSlot {
  private static final Logger log = Workflow.getLogger(RestoreHostSlot.class);
  static final String CHANGE_ID = "restore-host-slot";

  private final String restoreAThonId;
  private final String drillId;
  private boolean requested;
  private boolean granted;
  private boolean released;

  private RestoreHostSlot(String restoreAThonId, String drillId) {
    this.restoreAThonId = restoreAThonId;
    this.drillId = drillId;
  }

  /** Decided at the drill's start, so that every later step of the drill agrees. */
  static RestoreHostSlot of(String drillId) {
    String parent = Workflow.getTypedSearchAttributes().get(DrillSearchAttributes.RESTORE_A_THON);
    if (parent == null || parent.isBlank() || parent.equals(drillId)
        || Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) < 1) {
      return new RestoreHostSlot(null, drillId);
    }
    return new RestoreHostSlot(parent, drillId);
  }

  String restoreAThonId() {
    return restoreAThonId;
  }

  /** Waits until the restore-a-thon grants a slot; a cancellation while waiting comes out as CanceledFailure. */
  void acquire(DrillJournal journal) {
    if (restoreAThonId == null || granted) {
      return;
    }
    requested = true;
    if (!signal("hostSlotRequested", drillId)) {
      granted = true; // the restore-a-thon is gone: nobody is left to share hosts with
      return;
    }
    journal.between(OnCallTexts.waitingForHostSlot(restoreAThonId));
    Workflow.await(() -> granted);
  }

  void granted() {
    granted = true;
  }

  /** After TEARDOWN, or at the end of a drill that asked and never got one: the slot (or queue place) is free. */
  void release() {
    if (restoreAThonId == null || !requested || released) {
      return;
    }
    released = true;
    signal("hostSlotReleased", drillId);
  }

  /** The drill's summary, sent before the drill ends: the restore-a-thon may be a later run than its parent. */
  void finished(DrillSummary summary) {
    if (restoreAThonId != null) {
      signal("drillFinished", summary);
    }
  }

  private boolean signal(String name, Object argument) {
    ExternalWorkflowStub parent = Workflow.newUntypedExternalWorkflowStub(restoreAThonId);
    try {
      parent.signal(name, argument);
      return true;
    } catch (CanceledFailure e) {
      throw e;
    } catch (RuntimeException e) {
      log.warn("restore-a-thon {} did not take signal {} from drill {}: {}", restoreAThonId, name, drillId, e.toString());
      return false;
    }
  }
}

package io.snapdrill.worker.trigger;

/** Starts the drill of one existing snapshot; starting one that already exists is success, not an error. */
public interface SnapshotDrillStarter {
  enum Kind { NEW, ALREADY_STARTED, SKIPPED }

  /**
   * What became of the event.
   *
   * @param workflowId the drill started, or the one that already covers the snapshot; null when skipped
   * @param why for SKIPPED, why no drill was started (the triggers' per-cluster policy)
   */
  record Started(Kind kind, String workflowId, String why) {
    public static final Started NEW = new Started(Kind.NEW, null, null);
  }

  /** Returns once Temporal acknowledged the start; throws when it did not (the event is then kept for a retry). */
  Started start(SnapshotRoute route);
}

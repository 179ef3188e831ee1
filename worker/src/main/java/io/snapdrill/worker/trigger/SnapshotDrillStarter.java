package io.snapdrill.worker.trigger;

/** Starts the drill of one existing snapshot; starting one that already exists is success, not an error. */
public interface SnapshotDrillStarter {
  enum Started { NEW, ALREADY_STARTED }

  /** Returns once Temporal acknowledged the start; throws when it did not (the event is then kept for a retry). */
  Started start(SnapshotRoute route);
}

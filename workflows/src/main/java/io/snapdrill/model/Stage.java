package io.snapdrill.model;

import java.util.List;

/**
 * The stages of a drill, in the order a drill runs them (docs/design.md), then the stages only a
 * failover restore runs. Those come last so that the drill's stages keep their ordinals; each workflow
 * lists its own stages in the order it runs them ({@link #DRILL}, {@link #FAILOVER}).
 */
public enum Stage {
  SNAPSHOT,
  CONFIRM_REPLICATION,
  AUDIT_STORAGE,
  PROVISION_HOST,
  RESTORE,
  VERIFY,
  TEARDOWN,
  REPORT,
  /** Failover restore: the replica repository, registered read-only on the standing target cluster. */
  REGISTER_REPOSITORY,
  /** Failover restore: open indices on the target with the names the restore would write. */
  CHECK_CONFLICTS;

  /** A drill's stages, in the order it runs them. */
  public static final List<Stage> DRILL =
      List.of(SNAPSHOT, CONFIRM_REPLICATION, AUDIT_STORAGE, PROVISION_HOST, RESTORE, VERIFY, TEARDOWN, REPORT);

  /** A failover restore's stages (no restore host: the target cluster stands), in the order it runs them. */
  public static final List<Stage> FAILOVER =
      List.of(SNAPSHOT, CONFIRM_REPLICATION, REGISTER_REPOSITORY, CHECK_CONFLICTS, RESTORE, VERIFY, REPORT);
}

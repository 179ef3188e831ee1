package io.snapdrill.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** Search attributes on-call filters drills by (all Keyword). */
public final class DrillSearchAttributes {
  public static final SearchAttributeKey<String> CLUSTER = SearchAttributeKey.forKeyword("DrCluster");
  public static final SearchAttributeKey<String> SNAPSHOT = SearchAttributeKey.forKeyword("DrSnapshot");
  /** The drilled snapshot's UUID: one drill per snapshot, whichever way it was started. */
  public static final SearchAttributeKey<String> SNAPSHOT_UUID = SearchAttributeKey.forKeyword("DrSnapshotUuid");
  public static final SearchAttributeKey<String> STAGE = SearchAttributeKey.forKeyword("DrStage");
  public static final SearchAttributeKey<String> OUTCOME = SearchAttributeKey.forKeyword("DrOutcome");

  /**
   * The restore-a-thon's workflow id, on the restore-a-thon and on each of its drills from their start: one
   * query lists a quarter's drills, and a drill that carries it asks that workflow for a restore host slot.
   */
  public static final SearchAttributeKey<String> RESTORE_A_THON = SearchAttributeKey.forKeyword("DrRestoreAThon");

  public static final List<SearchAttributeKey<String>> ALL =
      List.of(CLUSTER, SNAPSHOT, STAGE, OUTCOME, SNAPSHOT_UUID, RESTORE_A_THON);

  private DrillSearchAttributes() {}
}

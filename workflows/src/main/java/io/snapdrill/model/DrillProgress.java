package io.snapdrill.model;

import java.util.List;

/**
 * The live state of a drill (query {@code progress}). Activity heartbeat details (bytes restored,
 * blobs checked) are in the workflow description's pending activities, next to this.
 *
 * @param awaitingHealDecision true while heal policy ASK waits for {@code decideHeal}
 * @param markersToHeal what approving would heal: the markers the audit listed (at most {@link BucketAudit#LISTED} a
 *     bucket; the stage detail counts them all)
 */
public record DrillProgress(
    String drillId,
    String cluster,
    String snapshot,
    Stage currentStage,
    DrillOutcome outcome,
    List<StageRecord> stages,
    String lastDetail,
    boolean awaitingHealDecision,
    List<DeleteMarker> markersToHeal) {}

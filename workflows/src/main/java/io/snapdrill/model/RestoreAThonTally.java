package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * What one run of a restore-a-thon hands the next when it continues as new: counts and references, never
 * drill results, so the next run's input stays a few KB per hundred running drills.
 *
 * @param run this run's number, from 1
 * @param configuredClusters every cluster the restore-a-thon was asked to drill, in order
 * @param finished drill ids with a summary (stored or in {@code unstored}); a late second report is ignored
 * @param running drills started and not finished, each with what it was doing when the run ended
 * @param slotWaiters drill ids waiting for a restore host, first come first served
 * @param unstored summaries whose batch could not be stored yet (normally empty)
 */
public record RestoreAThonTally(
    int run,
    Instant startedAt,
    List<String> configuredClusters,
    int passed,
    int failed,
    Double hostCostUsd,
    List<String> finished,
    List<RunningDrill> running,
    List<String> slotWaiters,
    List<StoredEvidence> summaryBatches,
    List<DrillSummary> unstored) {

  /**
   * One drill a run of the restore-a-thon started and has not heard the end of.
   *
   * @param state CHECKING (cheap stages), WAITING (for a restore host), HOLDING (a restore host), RELEASED
   *     (host torn down, report being written)
   */
  public record RunningDrill(String drillId, String cluster, String state) {}
}

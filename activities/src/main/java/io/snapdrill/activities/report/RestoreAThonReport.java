package io.snapdrill.activities.report;

import java.time.Instant;
import java.util.List;

/**
 * The restore-a-thon report as data: what the JSON report holds and the Markdown and HTML pages show.
 * Built by {@link RestoreAThonEvidence} from the drills' summaries and their own reports in the store.
 *
 * @param summary one sentence for an auditor: how many configured clusters were restored and verified,
 *     where and when, and which were not
 * @param clusters one row per configured cluster (a NOT_DRILLED row when it had no drill), then one per
 *     drill of a cluster not configured
 * @param manifest the SHA-256 of every drill report the restore-a-thon report includes
 * @param previous the restore-a-thon the RPO and RTO changes compare with, or null for none
 * @param problems evidence that could not be used as it is (a summary batch whose digest differs, a
 *     drill report missing or of another drill): shown, never silently dropped
 */
public record RestoreAThonReport(
    int formatVersion,
    String restoreAThonId,
    Instant startedAt,
    Instant endedAt,
    String summary,
    Coverage coverage,
    Double hostCostUsd,
    List<ClusterRow> clusters,
    List<Failure> failures,
    List<HealApproval> healApprovals,
    List<ManifestEntry> manifest,
    Previous previous,
    List<String> problems) {

  /** The JSON layout's version: 2 is this one (1 listed every DrillResult in full). */
  public static final int FORMAT_VERSION = 2;

  /** Per configured cluster, by its drill's outcome. */
  public record Coverage(int configured, int passed, int failed, int skipped, int notDrilled) {}

  /** A cluster's coverage in this restore-a-thon. */
  public enum Status {
    PASSED, FAILED,
    /** The drill was canceled or had not ended: no verdict on the backup. */
    SKIPPED,
    /** Configured, but the restore-a-thon has no drill of it: the red row. */
    NOT_DRILLED
  }

  /**
   * @param configured whether the restore-a-thon was asked to drill this cluster
   * @param rpoChangeSeconds this RPO minus the previous restore-a-thon's for the cluster (negative: better);
   *     null when either is unknown
   * @param rtoChangeSeconds the same for the RTO
   * @param report the drill's JSON report, as the manifest lists it
   */
  public record ClusterRow(
      String cluster, boolean configured, Status status, String drillId, String snapshot,
      Long rpoSeconds, Long rpoChangeSeconds, Long snapshotIntervalSeconds, Long rtoSeconds, Long rtoChangeSeconds,
      Double hostCostUsd, String failureType, String report) {}

  /** A failed, skipped or missing drill and what to do about it. */
  public record Failure(String cluster, String drillId, String failureType, String message, String whatToDo) {}

  /**
   * Healing a drill did: who approved it (the self-declared name and the Temporal client identity; both
   * null under heal policy AUTO), when, the delete marker versions removed and the versions brought back.
   *
   * @param healedAt when the drill's AUDIT_STORAGE stage, which heals, ended
   * @param removedMarkers {@code bucket/key version} of each removed marker, as the drill report lists them
   * @param restoredVersions {@code bucket/key version} of each version brought back
   */
  public record HealApproval(
      String cluster, String drillId, String approvedBy, String approverIdentity, Instant healedAt,
      int markersRemoved, List<String> removedMarkers, List<String> restoredVersions) {}

  /**
   * One drill report this report includes.
   *
   * @param sha256 the digest of the bytes read, lower-case hex; null when none could be read
   * @param state OK, or why the report cannot be relied on (missing, unreadable, another drill's)
   */
  public record ManifestEntry(String drillId, String cluster, String uri, String sha256, long bytes, String state) {
    public static final String OK = "OK";

    public boolean ok() {
      return OK.equals(state);
    }
  }

  /** The restore-a-thon compared with, read through its index entry and checked against its digest. */
  public record Previous(String restoreAThonId, Instant startedAt, Instant endedAt, String report, String sha256) {}
}

package io.snapdrill.activities.report;

import io.snapdrill.model.BlobProblem;
import io.snapdrill.model.BlobProblemKind;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.RemovedMarker;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.model.RestoredVersion;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The healing and delete-marker evidence as every report format words it: what healing removed, the
 * version it brought back and who approved it; which hidden blobs it brought back; how many markers no
 * snapshot needs. One text, so the Markdown and HTML reports never disagree.
 */
final class HealEvidence {
  private HealEvidence() {}

  /** Rows a report lists; the rest are counted. */
  static final int LISTED = HealReport.MAX_LISTED;

  /**
   * One healed (or, in a dry run, healable) blob.
   *
   * @param markers the delete marker versions removed (or, in a dry run, the one the audit found)
   * @param version the version brought back (or that a dry run would bring back)
   */
  record Row(String blob, List<String> markers, String version, boolean versionFromAudit, List<String> neededBy) {}

  static String heading(HealReport h) {
    return h.dryRun() ? "Healing (dry run)" : "Healing";
  }

  /** The sentence above the table: what was done, and on whose approval. */
  static String summary(HealReport h) {
    if (h.dryRun()) {
      return "Dry run (nothing changed): would remove the delete marker(s) over " + h.healedBlobs()
          + " blob(s) snapshots need.";
    }
    return "Removed " + h.markersRemoved() + " delete marker(s) over " + h.healedBlobs() + " blob(s) snapshots need, "
        + approval(h) + ".";
  }

  private static String approval(HealReport h) {
    if (h.approvedBy() == null) {
      // healing without a decision happens only under heal policy AUTO (ASK always records the operator)
      return "without an operator's approval (heal policy auto)";
    }
    // The name is self-declared; the Temporal client identity says where the approval came from.
    return "approved by " + h.approvedBy()
        + (h.approverIdentity() != null ? " (Temporal client " + h.approverIdentity() + ")" : "");
  }

  static String markersHeader(HealReport h) {
    return h.dryRun() ? "delete marker" : "delete markers removed";
  }

  static String versionHeader(HealReport h) {
    return h.dryRun() ? "version it would bring back" : "version brought back";
  }

  static List<Row> rows(HealReport h) {
    Map<String, List<String>> removedByBlob = h.removedMarkers().stream().collect(
        Collectors.groupingBy(m -> blob(m.bucket(), m.key()), Collectors.mapping(RemovedMarker::versionId,
            Collectors.toList())));
    Map<String, String> restored = h.restoredVersions().stream()
        .collect(Collectors.toMap(v -> blob(v.bucket(), v.key()), RestoredVersion::versionId, (a, b) -> a));
    return h.removed().stream().limit(LISTED).map(m -> {
      String blob = blob(m.bucket(), m.key());
      List<String> markers = removedByBlob.getOrDefault(blob, List.of(m.markerVersionId()));
      String version = restored.get(blob);
      return new Row(blob, markers, version != null ? version : m.previousVersionId(),
          version == null && !h.dryRun(), m.breaksSnapshots() == null ? List.of() : m.breaksSnapshots());
    }).toList();
  }

  /** Words for a version when the heal did not record what it brought back (reports before it did). */
  static String fromAuditNote() {
    return "(under the marker when audited)";
  }

  static int unlistedRows(HealReport h) {
    return Math.max(0, h.healedBlobs() - Math.min(h.removed().size(), LISTED));
  }

  /** The words after the rows listed: how many more, and where all of them are (the report store, or the JSON report). */
  static String unlistedRowsNote(HealReport h) {
    String stored = stored(h.removedEvidence());
    return "and " + unlistedRows(h) + " more blobs (" + (stored != null ? stored : "the JSON report lists them") + ").";
  }

  /** Unhealable markers beyond those listed, or null when every one is listed. */
  static String unlistedUnhealable(HealReport h) {
    int more = h.unhealableBlobs() - Math.min(h.unhealable().size(), LISTED);
    if (more <= 0) {
      return null;
    }
    String stored = stored(h.unhealableEvidence());
    return "and " + more + " more" + (stored != null ? " (" + stored + ")" : "");
  }

  static String unhealableHeading() {
    return "Cannot be healed";
  }

  static String whyUnhealable(DeleteMarker m) {
    return m.healable() ? "a bucket this worker may not heal, MFA Delete, or a version id that is not a delete marker"
        : "no earlier version to bring back";
  }

  /** The blobs ({@code bucket/key}) healing made readable again; none for a dry run or no heal. */
  static Set<String> healedBlobs(HealReport h) {
    if (h == null || h.dryRun()) {
      return Set.of();
    }
    return h.removed().stream().map(m -> blob(m.bucket(), m.key())).collect(Collectors.toSet());
  }

  /** A replica problem as the report words it: a hidden blob healing brought back says so. */
  static String describe(BlobProblem p, Set<String> healed) {
    if (wasHealed(p, healed)) {
      return "s3://" + blob(p.bucket(), p.key()) + " was hidden by a delete marker; healed (see Healing)";
    }
    return p.describe();
  }

  private static boolean wasHealed(BlobProblem p, Set<String> healed) {
    return p.kind() == BlobProblemKind.HIDDEN_BY_DELETE_MARKER && healed.contains(blob(p.bucket(), p.key()));
  }

  /** The replica's state in one line, counting what healing fixed. */
  static String replicaSummary(ReplicaCheck c, Set<String> healed) {
    String head = "s3://" + c.replicaBucket() + ": " + c.requiredBlobs() + " blobs required (" + c.requiredBytes()
        + " bytes), ";
    if (c.complete()) {
      return head + "all present";
    }
    // problems beyond those listed cannot be matched with what healing did: they count as open
    long open = c.problems().stream().filter(p -> !wasHealed(p, healed)).count()
        + Math.max(0, c.totalProblems() - c.problems().size());
    return head + (open == 0 ? "all present after healing" : open + " problem(s)")
        + (c.allProblemsListed() ? "" : "; the first " + c.problems().size() + " are listed");
  }

  /** Where the full list of something a report lists only the first few of is kept, and its digest. */
  static String stored(StoredEvidence e) {
    return e == null ? null
        : "all " + e.count() + " in " + e.uri() + " (SHA-256 " + e.sha256() + ")";
  }

  static List<DeleteMarker> needed(BucketAudit b) {
    return b.listedNeededMarkers();
  }

  /**
   * Delete markers over needed blobs the audit counted but did not list ({@link BucketAudit#LISTED} are),
   * or null when it listed every one; the evidence line goes beside it.
   */
  static String neededUnlisted(BucketAudit b) {
    int more = b.neededMarkerCount() - b.listedNeededMarkers().size();
    if (more <= 0) {
      return null;
    }
    return "and " + more + " more delete marker(s) over blobs snapshots need (" + b.neededMarkerCount() + " in all)";
  }

  /** Delete markers over blobs no snapshot needs are harmless: counted, never listed one by one. */
  static String needless(BucketAudit b) {
    int n = b.needlessMarkerCount();
    if (n == 0) {
      return null;
    }
    return (n == 1 ? "1 delete marker over a blob" : n + " delete markers over blobs")
        + " no snapshot needs (harmless; counted, not listed)";
  }

  private static String blob(String bucket, String key) {
    return bucket + "/" + key;
  }
}

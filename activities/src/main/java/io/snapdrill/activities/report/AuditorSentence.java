package io.snapdrill.activities.report;

import io.snapdrill.activities.report.RestoreAThonReport.ClusterRow;
import io.snapdrill.activities.report.RestoreAThonReport.Coverage;
import io.snapdrill.activities.report.RestoreAThonReport.ManifestEntry;
import io.snapdrill.activities.report.RestoreAThonReport.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The restore-a-thon in one sentence an auditor can quote: configured clusters restored and verified
 * out of how many, where and when, and each kind of gap with the clusters it names, e.g. "12 of 14
 * configured clusters were restored and verified in the disaster-recovery region between 2027-01-04
 * 06:00 UTC and 2027-01-04 18:22 UTC; 1 failed (logs-prod: VERIFICATION_FAILED); 1 was not drilled (billing)."
 */
final class AuditorSentence {
  private AuditorSentence() {}

  /** A gap names this many clusters, then counts the rest. */
  static final int NAMED = 5;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  static String of(Coverage c, Instant startedAt, Instant endedAt, List<ClusterRow> rows, List<ManifestEntry> manifest) {
    StringBuilder s = new StringBuilder();
    s.append(c.passed()).append(" of ").append(c.configured()).append(" configured cluster")
        .append(c.configured() == 1 ? " was" : "s were").append(" restored and verified in the disaster-recovery region");
    if (startedAt != null && endedAt != null) {
      s.append(" between ").append(WHEN.format(startedAt)).append(" and ").append(WHEN.format(endedAt));
    }
    gap(s, c.failed(), "failed", rows, Status.FAILED, true);
    gap(s, c.skipped(), "was skipped (canceled before a verdict)", rows, Status.SKIPPED, false);
    gap(s, c.notDrilled(), "was not drilled", rows, Status.NOT_DRILLED, false);
    long unreliable = manifest.stream().filter(e -> !e.ok()).count();
    if (unreliable > 0) {
      s.append("; ").append(unreliable).append(unreliable == 1 ? " drill report is" : " drill reports are")
          .append(" missing or unreadable (see the manifest)");
    }
    return s.append('.').toString();
  }

  private static void gap(StringBuilder s, int count, String verb, List<ClusterRow> rows, Status status,
      boolean withType) {
    if (count == 0) {
      return;
    }
    List<ClusterRow> named = rows.stream().filter(r -> r.configured() && r.status() == status).toList();
    s.append("; ").append(count).append(' ').append(count == 1 ? verb : verb.replace("was ", "were ")).append(" (");
    for (int i = 0; i < Math.min(NAMED, named.size()); i++) {
      ClusterRow r = named.get(i);
      s.append(i == 0 ? "" : ", ").append(r.cluster());
      if (withType && r.failureType() != null) {
        s.append(": ").append(r.failureType());
      }
    }
    if (named.size() > NAMED) {
      s.append(" and ").append(named.size() - NAMED).append(" more");
    }
    s.append(')');
  }
}

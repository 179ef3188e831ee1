package io.snapdrill.activities.report;

import static io.snapdrill.activities.report.DrillReportHtml.badge;
import static io.snapdrill.activities.report.DrillReportHtml.esc;

import io.snapdrill.activities.report.RestoreAThonReport.ClusterRow;
import io.snapdrill.activities.report.RestoreAThonReport.Failure;
import io.snapdrill.activities.report.RestoreAThonReport.HealApproval;
import io.snapdrill.activities.report.RestoreAThonReport.ManifestEntry;
import io.snapdrill.activities.report.RestoreAThonReport.Status;
import io.snapdrill.model.HumanDuration;

/**
 * The restore-a-thon report as one self-contained page (the drill report's style: inline CSS, no
 * scripts, nothing loaded from elsewhere). A configured cluster that was not drilled is a red row.
 */
final class RestoreAThonReportHtml {
  private RestoreAThonReportHtml() {}

  static String render(RestoreAThonReport r) {
    StringBuilder h = DrillReportHtml.page("Restore-a-thon " + r.restoreAThonId());
    h.append("<h1>Restore-a-thon <code>").append(esc(r.restoreAThonId())).append("</code></h1>\n");
    boolean clean = r.coverage().passed() == r.coverage().configured() && r.problems().isEmpty();
    h.append("<p class=\"summary\">").append(badge(clean ? "PASSED" : "FAILED")).append(' ').append(esc(r.summary()))
        .append("</p>\n<table class=\"facts\">\n");
    fact(h, "Started / ended", esc(r.startedAt() + " / " + r.endedAt()));
    fact(h, "Estimated restore host cost", "<strong>" + esc(RestoreAThonWording.usd(r.hostCostUsd())) + "</strong>");
    fact(h, "Compared with", r.previous() == null ? "no earlier restore-a-thon in the report store"
        : "<code>" + esc(r.previous().restoreAThonId()) + "</code> (started " + esc(String.valueOf(r.previous().startedAt()))
            + ")");
    h.append("</table>\n");
    if (!r.problems().isEmpty()) {
      h.append("<h2>Evidence problems</h2>\n");
      r.problems().forEach(p -> h.append("<p class=\"failure\">").append(esc(p)).append("</p>\n"));
    }
    h.append("<h2>Coverage</h2>\n<table><tr><th>cluster</th><th>status</th><th>snapshot</th><th>RPO</th>"
        + "<th>RPO change</th><th>RPO between snapshots</th><th>RTO</th><th>RTO change</th><th>host cost</th>"
        + "<th>drill</th></tr>\n");
    for (ClusterRow c : r.clusters()) {
      h.append("<tr data-cluster=\"").append(esc(c.cluster())).append("\" data-status=\"").append(c.status()).append('"')
          .append(c.status() == Status.NOT_DRILLED ? " class=\"missing\"" : "").append("><td>").append(esc(c.cluster()))
          .append(c.configured() ? "" : " <span class=\"muted\">(not configured)</span>").append("</td><td>")
          .append(badge(c.status().name()))
          .append(c.failureType() == null ? "" : " <code>" + esc(c.failureType()) + "</code>")
          .append("</td><td>").append(esc(c.snapshot()))
          .append("</td><td>").append(esc(HumanDuration.ofSeconds(c.rpoSeconds())))
          .append("</td><td>").append(change(c.rpoChangeSeconds()))
          .append("</td><td>").append(esc(HumanDuration.ofSeconds(c.snapshotIntervalSeconds())))
          .append("</td><td>").append(esc(HumanDuration.ofSeconds(c.rtoSeconds())))
          .append("</td><td>").append(change(c.rtoChangeSeconds()))
          .append("</td><td>").append(esc(RestoreAThonWording.usd(c.hostCostUsd())))
          .append("</td><td><code>").append(esc(c.drillId())).append("</code></td></tr>\n");
    }
    h.append("</table>\n<p class=\"muted\">").append(esc(RestoreAThonWording.CHANGE_NOTE))
        .append(" RPO and RTO as each drill report defines them.</p>\n");
    if (!r.failures().isEmpty()) {
      h.append("<h2>Failures and what to do</h2>\n");
      for (Failure f : r.failures()) {
        h.append("<div class=\"failure\"><strong>").append(esc(f.cluster())).append("</strong>")
            .append(f.failureType() == null ? "" : " <code>" + esc(f.failureType()) + "</code>").append(": ")
            .append(esc(f.message())).append("</div>\n<p class=\"hint\"><strong>What to do:</strong> ")
            .append(esc(f.whatToDo())).append("</p>\n");
      }
    }
    h.append("<h2>Heal approvals</h2>\n");
    if (r.healApprovals().isEmpty()) {
      h.append("<p>No drill removed a delete marker.</p>\n");
    } else {
      h.append("<table><tr><th>cluster</th><th>approved by</th><th>healed at</th><th>markers removed</th>"
          + "<th>marker versions removed</th><th>versions brought back</th></tr>\n");
      for (HealApproval a : r.healApprovals()) {
        h.append("<tr><td>").append(esc(a.cluster())).append("</td><td>").append(esc(RestoreAThonWording.approver(a)))
            .append("</td><td>").append(a.healedAt() == null ? "unknown" : esc(a.healedAt().toString()))
            .append("</td><td>").append(a.markersRemoved()).append("</td><td>").append(codes(a.removedMarkers()))
            .append("</td><td>").append(codes(a.restoredVersions())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Manifest</h2>\n<p class=\"muted\">").append(esc(RestoreAThonWording.MANIFEST_NOTE)).append("</p>\n")
        .append("<table><tr><th>drill</th><th>report</th><th>SHA-256</th><th>bytes</th><th>state</th></tr>\n");
    for (ManifestEntry e : r.manifest()) {
      h.append("<tr").append(e.ok() ? "" : " class=\"missing\"").append("><td><code>").append(esc(e.drillId()))
          .append("</code></td><td><code>").append(esc(e.uri())).append("</code></td><td><code>").append(esc(e.sha256()))
          .append("</code></td><td>").append(e.bytes()).append("</td><td>")
          .append(e.ok() ? badge("OK") : "<strong>" + esc(e.state()) + "</strong>").append("</td></tr>\n");
    }
    h.append("</table>\n<p class=\"muted\">Generated by Snapdrill. The JSON report next to this page holds the same"
        + " evidence as data.</p>\n");
    return DrillReportHtml.end(h);
  }

  private static void fact(StringBuilder h, String key, String html) {
    h.append("<tr><th>").append(esc(key)).append("</th><td>").append(html).append("</td></tr>\n");
  }

  private static String change(Long seconds) {
    String text = esc(RestoreAThonWording.change(seconds));
    if (seconds == null || seconds == 0) {
      return text;
    }
    return "<span class=\"" + (seconds > 0 ? "worse" : "better") + "\">" + text + "</span>";
  }

  private static String codes(java.util.List<String> values) {
    StringBuilder s = new StringBuilder();
    for (String v : values) {
      s.append(s.length() == 0 ? "" : "<br>").append("<code>").append(esc(v)).append("</code>");
    }
    return s.toString();
  }
}

package io.snapdrill.activities.report;

import io.snapdrill.activities.report.RestoreAThonReport.ClusterRow;
import io.snapdrill.activities.report.RestoreAThonReport.Failure;
import io.snapdrill.activities.report.RestoreAThonReport.HealApproval;
import io.snapdrill.activities.report.RestoreAThonReport.ManifestEntry;
import io.snapdrill.activities.report.RestoreAThonReport.Status;
import io.snapdrill.model.HumanDuration;

/** The restore-a-thon report as Markdown. */
final class RestoreAThonReportMarkdown {
  private RestoreAThonReportMarkdown() {}

  static String render(RestoreAThonReport r) {
    StringBuilder md = new StringBuilder();
    md.append("# Restore-a-thon ").append(r.restoreAThonId()).append("\n\n").append(r.summary()).append("\n\n");
    md.append("Started ").append(r.startedAt()).append(", ended ").append(r.endedAt())
        .append(". Estimated restore host cost: ").append(RestoreAThonWording.usd(r.hostCostUsd())).append(".\n");
    if (r.previous() != null) {
      md.append("Compared with restore-a-thon ").append(r.previous().restoreAThonId()).append(" (started ")
          .append(r.previous().startedAt()).append(").\n");
    }
    if (!r.problems().isEmpty()) {
      md.append("\n## Evidence problems\n\n");
      r.problems().forEach(p -> md.append("- **").append(cell(p)).append("**\n"));
    }
    md.append("\n## Coverage\n\n| cluster | status | snapshot | RPO | RPO change | RPO between snapshots | RTO | RTO change"
        + " | host cost | drill |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (ClusterRow c : r.clusters()) {
      String status = c.status() == Status.NOT_DRILLED ? "**NOT DRILLED**" : c.status() == Status.FAILED
          ? "**FAILED** " + (c.failureType() == null ? "" : c.failureType()) : c.status().name();
      md.append("| ").append(c.cluster()).append(c.configured() ? "" : " (not configured)")
          .append(" | ").append(status.trim())
          .append(" | ").append(c.snapshot() == null ? "" : c.snapshot())
          .append(" | ").append(HumanDuration.ofSeconds(c.rpoSeconds()))
          .append(" | ").append(RestoreAThonWording.change(c.rpoChangeSeconds()))
          .append(" | ").append(HumanDuration.ofSeconds(c.snapshotIntervalSeconds()))
          .append(" | ").append(HumanDuration.ofSeconds(c.rtoSeconds()))
          .append(" | ").append(RestoreAThonWording.change(c.rtoChangeSeconds()))
          .append(" | ").append(RestoreAThonWording.usd(c.hostCostUsd()))
          .append(" | ").append(c.drillId() == null ? "" : c.drillId()).append(" |\n");
    }
    md.append("\n").append(RestoreAThonWording.CHANGE_NOTE).append(" RPO and RTO as each drill report defines them.\n");
    if (!r.failures().isEmpty()) {
      md.append("\n## Failures and what to do\n\n");
      for (Failure f : r.failures()) {
        md.append("- **").append(f.cluster()).append("**").append(f.failureType() == null ? "" : " " + f.failureType())
            .append(": ").append(cell(f.message())).append("\n  What to do: ").append(f.whatToDo()).append("\n");
      }
    }
    md.append("\n## Heal approvals\n\n");
    if (r.healApprovals().isEmpty()) {
      md.append("No drill removed a delete marker.\n");
    } else {
      md.append("| cluster | approved by | healed at | markers removed | marker versions removed | versions brought back |\n"
          + "|---|---|---|---|---|---|\n");
      for (HealApproval a : r.healApprovals()) {
        md.append("| ").append(a.cluster()).append(" | ").append(cell(RestoreAThonWording.approver(a)))
            .append(" | ").append(a.healedAt() == null ? "unknown" : a.healedAt().toString())
            .append(" | ").append(a.markersRemoved())
            .append(" | ").append(cell(String.join("; ", a.removedMarkers())))
            .append(" | ").append(cell(String.join("; ", a.restoredVersions()))).append(" |\n");
      }
    }
    md.append("\n## Manifest\n\n").append(RestoreAThonWording.MANIFEST_NOTE).append("\n\n| drill | report | SHA-256 | bytes | state |\n"
        + "|---|---|---|---|---|\n");
    for (ManifestEntry e : r.manifest()) {
      md.append("| ").append(e.drillId()).append(" | ").append(e.uri() == null ? "" : e.uri())
          .append(" | ").append(e.sha256() == null ? "" : "`" + e.sha256() + "`").append(" | ").append(e.bytes())
          .append(" | ").append(e.ok() ? "OK" : "**" + cell(e.state()) + "**").append(" |\n");
    }
    return md.toString();
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }
}

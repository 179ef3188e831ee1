package io.snapdrill.activities.report;

import io.snapdrill.activities.report.RestoreAThonReport.HealApproval;
import io.snapdrill.model.HumanDuration;
import java.time.Duration;

/** The restore-a-thon report's texts both formats share, so the Markdown and HTML pages never disagree. */
final class RestoreAThonWording {
  private RestoreAThonWording() {}

  static final String CHANGE_NOTE = "Change: this restore-a-thon's value minus the previous restore-a-thon's for"
      + " the same cluster (the previous one is the restore-a-thon in the report store that started last before"
      + " this one; + is longer, so worse).";
  static final String MANIFEST_NOTE = "SHA-256 of each drill's JSON report as this report read it (its Markdown"
      + " and HTML pages are renderings of the same evidence). Check one with sha256sum; "
      + "restore-a-thon-manifest.sha256 next to this report lists them in sha256sum's format.";

  /** A change in seconds as people read it: "+4 min 10 s", "-12 s", "no change", "n/a". */
  static String change(Long seconds) {
    if (seconds == null) {
      return "n/a";
    }
    if (seconds == 0) {
      return "no change";
    }
    return (seconds > 0 ? "+" : "") + HumanDuration.of(Duration.ofSeconds(seconds));
  }

  static String approver(HealApproval a) {
    if (a.approvedBy() == null) {
      return "nobody: heal policy auto";
    }
    return a.approvedBy() + (a.approverIdentity() != null ? " (Temporal client " + a.approverIdentity() + ")" : "");
  }

  static String usd(Double amount) {
    return amount == null ? "n/a" : DrillReportMarkdown.usd(amount);
  }
}

package io.snapdrill.activities.report;

import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HumanDuration;
import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RunbookHints;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StoredEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One self-contained HTML page per report: inline CSS, no scripts, no external resources, so it can
 * be attached to an audit ticket or opened from an S3 bucket offline. The stage timeline draws each
 * stage as a bar placed by its start and length within the drill.
 */
public final class DrillReportHtml {
  private DrillReportHtml() {}

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1d2330;max-width:72rem}
      h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d6dae3;padding-bottom:.25rem}
      table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eceef3;vertical-align:top}
      th{background:#f5f6f9}.facts th{width:16rem;background:none;font-weight:600}
      .badge{display:inline-block;padding:.1rem .5rem;border-radius:.75rem;font-weight:600;font-size:.85rem}
      .PASSED{background:#d9f2df;color:#17632a}.FAILED{background:#fbdcdc;color:#8a1c1c}.RUNNING{background:#dde8fb;color:#1d4a8a}
      .CANCELED,.SKIPPED,.PENDING{background:#eceef3;color:#4a5163}.NOT_DRILLED{background:#c53030;color:#fff}
      tr.missing td{background:#fbdcdc}.worse{color:#8a1c1c}.better{color:#17632a}
      .failure{background:#fff4f4;border-left:4px solid #c53030;padding:.75rem 1rem;white-space:pre-wrap}
      .timeline{position:relative}.lane{display:grid;grid-template-columns:12rem 1fr 7rem;align-items:center;gap:.5rem;margin:.2rem 0}
      .track{position:relative;height:1.1rem;background:#f5f6f9;border-radius:.2rem}
      .bar{position:absolute;top:0;bottom:0;border-radius:.2rem;min-width:3px}
      .bar.PASSED{background:#38a169}.bar.FAILED{background:#c53030}.bar.RUNNING{background:#3b74d6}
      .bar.CANCELED,.bar.SKIPPED,.bar.PENDING{background:#a0a7b8}
      .hint{background:#fffbea;border-left:4px solid #d69e2e;padding:.75rem 1rem}.muted{color:#6b7285;font-size:.85rem}code{font-size:.85rem}
      """;

  public static String render(DrillResult r) {
    StringBuilder h = page(RecoveryObjectives.title(r) + " " + r.drillId());
    h.append("<h1>").append(RecoveryObjectives.title(r)).append(" <code>").append(esc(r.drillId())).append("</code></h1>\n");
    h.append("<p>").append(badge(r.outcome() == null ? null : r.outcome().name()))
        .append(r.failureType() != null ? " <code>" + esc(r.failureType().name()) + "</code>" : "").append("</p>\n");
    h.append("<table class=\"facts\">\n");
    fact(h, "Cluster", esc(r.cluster()));
    if (r.snapshot() != null) {
      fact(h, "Snapshot", esc(r.snapshot().name()) + " (<code>" + esc(r.snapshot().uuid()) + "</code>, "
          + esc(r.snapshot().state()) + ", started " + esc(String.valueOf(r.snapshot().startTime())) + ")");
      fact(h, "Source", esc(r.snapshot().product() + " " + r.snapshot().version()) + ", repository "
          + esc(r.snapshot().repository()) + ", " + r.snapshot().totalIndices() + " indices");
    }
    fact(h, "Started / ended", esc(r.startedAt() + " / " + r.endedAt()));
    fact(h, RecoveryObjectives.RPO_LABEL, esc(RecoveryObjectives.rpo(r)) + note(1));
    fact(h, RecoveryObjectives.INTERVAL_LABEL, esc(RecoveryObjectives.interval(r)) + note(1));
    fact(h, RecoveryObjectives.rtoLabel(r), esc(RecoveryObjectives.rto(r)) + note(2));
    if (r.hostCostUsd() != null) {
      fact(h, "Restore host cost (estimate)", esc(DrillReportMarkdown.usd(r.hostCostUsd()))
          + " <span class=\"muted\">hourly price times launch request to termination</span>");
    }
    if (r.restore() != null) {
      fact(h, "Restored", r.restore().totalIndices() + " indices, " + r.restore().shards() + " shards, "
          + r.restore().bytesRecovered() + " bytes");
    }
    h.append("</table>\n");
    if (r.failureMessage() != null) {
      h.append("<h2>Failure</h2>\n<div class=\"failure\">").append(esc(r.failureMessage())).append("</div>\n");
      String hint = RunbookHints.forType(r.failureType());
      if (hint != null) {
        h.append("<p class=\"hint\"><strong>What to do:</strong> ").append(esc(hint)).append("</p>\n");
      }
    }
    timeline(h, r);
    stagesTable(h, r);
    storageEvidence(h, r);
    if (!r.hosts().isEmpty()) {
      h.append("<h2>Restore hosts</h2>\n<ul>\n");
      for (RestoreHost host : r.hosts()) {
        h.append("<li>").append(esc(host.provider())).append(" <code>").append(esc(host.hostId())).append("</code>");
        if (host.instanceType() != null) {
          h.append(", ").append(esc(host.instanceType())).append(host.spot() ? " spot" : " on-demand")
              .append(" in ").append(esc(host.availabilityZone()));
        }
        if (host.pricePerHourUsd() != null) {
          h.append(", ").append(esc(String.format(java.util.Locale.ROOT, "$%.4f/h", host.pricePerHourUsd())));
        }
        h.append("</li>\n");
      }
      h.append("</ul>\n");
    }
    if (r.verification() != null) {
      h.append("<h2>Verification</h2>\n<p>Cluster health: ").append(esc(r.verification().clusterHealth())).append("</p>\n");
      h.append("<table><tr><th>index</th><th>verdict</th><th>expected docs</th><th>restored docs</th><th>reasons</th></tr>\n");
      for (IndexVerdict v : r.verification().indices()) {
        h.append("<tr><td><code>").append(esc(v.index())).append("</code></td><td>")
            .append(badge(v.passed() ? "PASSED" : "FAILED")).append("</td><td>").append(v.expectedDocuments())
            .append("</td><td>").append(v.actualDocuments()).append("</td><td>")
            .append(esc(String.join("; ", v.reasons()))).append("</td></tr>\n");
      }
      h.append("</table>\n");
      if (!r.verification().allIndicesListed()) {
        h.append("<p>").append(esc(verdictCounts(r.verification())));
        if (r.verification().verdictEvidence() != null) {
          h.append("; ").append(evidenceLink(r.verification().verdictEvidence()));
        }
        h.append("</p>\n");
      }
      for (String p : r.verification().problems()) {
        h.append("<p class=\"failure\">").append(esc(p)).append("</p>\n");
      }
    }
    if (!r.warnings().isEmpty()) {
      h.append("<h2>Warnings</h2>\n<ul>\n");
      r.warnings().forEach(w -> h.append("<li>").append(esc(w)).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("<h2>Definitions</h2>\n<ol class=\"muted\"><li id=\"note-1\">").append(esc(RecoveryObjectives.RPO_DEFINITION))
        .append("</li><li id=\"note-2\">").append(esc(RecoveryObjectives.rtoDefinition(r))).append("</li></ol>\n");
    h.append("<p class=\"muted\">Generated by Snapdrill. The JSON report next to this page holds the same evidence"
        + " as data, with every replica problem this page leaves out.</p>\n");
    return end(h);
  }

  /** The replica check, the storage audit and healing: the evidence that the repository could be read. */
  private static void storageEvidence(StringBuilder h, DrillResult r) {
    Set<String> healed = HealEvidence.healedBlobs(r.heal());
    if (r.replicaCheck() != null) {
      h.append("<h2>Replica</h2>\n<p>").append(esc(HealEvidence.replicaSummary(r.replicaCheck(), healed))).append("</p>\n");
      if (!r.replicaCheck().complete()) {
        h.append("<ul>\n");
        r.replicaCheck().problems().stream().limit(50)
            .forEach(p -> h.append("<li>").append(esc(HealEvidence.describe(p, healed))).append("</li>\n"));
        if (r.replicaCheck().problemEvidence() != null) {
          h.append("<li>").append(evidenceLink(r.replicaCheck().problemEvidence())).append("</li>\n");
        }
        h.append("</ul>\n");
      }
    }
    if (r.storageAudit() != null) {
      h.append("<h2>Storage audit</h2>\n<ul>\n");
      for (BucketAudit b : r.storageAudit().buckets()) {
        h.append("<li><strong>").append(esc(b.role())).append("</strong> <code>s3://").append(esc(b.bucket()))
            .append('/').append(esc(b.prefix())).append("</code>: versioning ")
            .append(esc(b.versioningStatus() == null || b.versioningStatus().isEmpty() ? "never enabled" : b.versioningStatus()));
        List<String> items = new ArrayList<>();
        for (LifecycleFinding f : b.lifecycle() == null ? List.<LifecycleFinding>of() : b.lifecycle()) {
          items.add("rule <code>" + esc(f.ruleId()) + "</code>: " + esc(f.verdict() + ": " + f.reason())
              + (f.fix() != null ? " Fix: " + esc(f.fix()) : ""));
        }
        for (DeleteMarker m : HealEvidence.needed(b)) {
          items.add("delete marker on <code>" + esc(m.key()) + "</code> breaks " + esc(String.join(", ", m.breaksSnapshots())));
        }
        String neededUnlisted = HealEvidence.neededUnlisted(b);
        if (neededUnlisted != null) {
          items.add(esc(neededUnlisted));
        }
        if (b.neededMarkerEvidence() != null) {
          items.add(evidenceLink(b.neededMarkerEvidence()));
        }
        String needless = HealEvidence.needless(b);
        if (needless != null) {
          items.add(esc(needless));
        }
        if (!items.isEmpty()) {
          h.append("<ul>");
          items.forEach(i -> h.append("<li>").append(i).append("</li>"));
          h.append("</ul>");
        }
        h.append("</li>\n");
      }
      h.append("</ul>\n");
    }
    if (r.heal() != null) {
      heal(h, r.heal());
    }
  }

  private static void heal(StringBuilder h, HealReport heal) {
    h.append("<h2>").append(esc(HealEvidence.heading(heal))).append("</h2>\n<p>").append(esc(HealEvidence.summary(heal)))
        .append("</p>\n");
    if (!heal.removed().isEmpty()) {
      h.append("<table><tr><th>blob</th><th>").append(esc(HealEvidence.markersHeader(heal))).append("</th><th>")
          .append(esc(HealEvidence.versionHeader(heal))).append("</th><th>needed by</th></tr>\n");
      for (HealEvidence.Row row : HealEvidence.rows(heal)) {
        h.append("<tr><td><code>s3://").append(esc(row.blob())).append("</code></td><td>")
            .append(row.markers().stream().map(v -> "<code>" + esc(v) + "</code>").collect(Collectors.joining(", ")))
            .append("</td><td>").append(row.version() == null ? "unknown" : "<code>" + esc(row.version()) + "</code>")
            .append(row.versionFromAudit() && row.version() != null
                ? " <span class=\"muted\">" + esc(HealEvidence.fromAuditNote()) + "</span>" : "")
            .append("</td><td>").append(esc(String.join(", ", row.neededBy()))).append("</td></tr>\n");
      }
      h.append("</table>\n");
      if (HealEvidence.unlistedRows(heal) > 0) {
        h.append("<p class=\"muted\">and ").append(HealEvidence.unlistedRows(heal)).append(" more blobs (")
            .append(heal.removedEvidence() != null ? evidenceLink(heal.removedEvidence()) : "the JSON report lists them")
            .append(").</p>\n");
      }
    }
    if (!heal.unhealable().isEmpty()) {
      h.append("<p>").append(esc(HealEvidence.unhealableHeading())).append(":</p>\n<ul>\n");
      heal.unhealable().stream().limit(HealEvidence.LISTED).forEach(m -> h.append("<li><code>s3://")
          .append(esc(m.bucket() + "/" + m.key())).append("</code> (marker ").append(esc(m.markerVersionId()))
          .append("): ").append(esc(HealEvidence.whyUnhealable(m))).append("</li>\n"));
      int more = heal.unhealableBlobs() - (int) Math.min(heal.unhealable().size(), HealEvidence.LISTED);
      if (more > 0) {
        h.append("<li>and ").append(more).append(" more")
            .append(heal.unhealableEvidence() != null ? " (" + evidenceLink(heal.unhealableEvidence()) + ")" : "")
            .append("</li>\n");
      }
      h.append("</ul>\n");
    }
  }

  private static void timeline(StringBuilder h, DrillResult r) {
    Instant start = r.startedAt();
    Instant end = r.endedAt();
    for (StageRecord s : r.stages()) {
      if (s.startedAt() != null && (start == null || s.startedAt().isBefore(start))) {
        start = s.startedAt();
      }
      if (s.endedAt() != null && (end == null || s.endedAt().isAfter(end))) {
        end = s.endedAt();
      }
    }
    long total = start == null || end == null ? 0 : Math.max(1, Duration.between(start, end).toMillis());
    h.append("<h2>Stage timeline</h2>\n<div class=\"timeline\">\n");
    for (StageRecord s : r.stages()) {
      String status = s.status() == null ? "PENDING" : s.status().name();
      h.append("<div class=\"lane\" data-stage=\"").append(s.stage()).append("\"><span>").append(s.stage())
          .append("</span><div class=\"track\">");
      if (total > 0 && s.startedAt() != null) {
        Instant stageEnd = s.endedAt() != null ? s.endedAt() : end;
        double left = 100.0 * Duration.between(start, s.startedAt()).toMillis() / total;
        double width = 100.0 * Math.max(0, Duration.between(s.startedAt(), stageEnd).toMillis()) / total;
        h.append(String.format(java.util.Locale.ROOT, "<div class=\"bar %s\" style=\"left:%.2f%%;width:%.2f%%\" title=\"%s\"></div>",
            status, left, Math.min(width, 100.0 - left), esc(s.stage() + " " + status)));
      }
      h.append("</div><span>").append(badge(status)).append("</span></div>\n");
    }
    h.append("</div>\n");
  }

  private static void stagesTable(StringBuilder h, DrillResult r) {
    h.append("<h2>Stages</h2>\n<table><tr><th>stage</th><th>status</th><th>started</th><th>duration</th><th>detail</th></tr>\n");
    for (StageRecord s : r.stages()) {
      h.append("<tr><td>").append(s.stage()).append("</td><td>")
          .append(badge(s.status() == null ? null : s.status().name()))
          .append(s.failureType() != null ? " <code>" + esc(s.failureType().name()) + "</code>" : "")
          .append("</td><td>").append(s.startedAt() == null ? "" : esc(s.startedAt().toString()))
          .append("</td><td>").append(s.durationMillis() == null ? "" : esc(HumanDuration.of(Duration.ofMillis(s.durationMillis()))))
          .append("</td><td>").append(esc(s.detail())).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  static StringBuilder page(String title) {
    return new StringBuilder(8192).append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        // Nothing may load from elsewhere: the page is evidence and must render offline, unchanged.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
        .append("<title>").append(esc(title)).append("</title><style>").append(STYLE).append("</style></head><body>\n");
  }

  static String end(StringBuilder h) {
    return h.append("</body></html>\n").toString();
  }

  private static void fact(StringBuilder h, String key, String html) {
    h.append("<tr><th>").append(esc(key)).append("</th><td>").append(html).append("</td></tr>\n");
  }

  static String badge(String status) {
    String s = status == null ? "PENDING" : status;
    return "<span class=\"badge " + esc(s) + "\">" + esc(s) + "</span>";
  }

  private static String note(int n) {
    return " <sup><a href=\"#note-" + n + "\">" + n + "</a></sup>";
  }

  /**
   * The full list of what the page shows the first few of: a link where a browser can follow it (a file
   * beside the report), the s3:// URI otherwise, and its digest.
   */
  static String evidenceLink(StoredEvidence e) {
    String where = e.uri().startsWith("s3://") ? "<code>" + esc(e.uri()) + "</code>"
        : "<a href=\"" + esc(java.nio.file.Path.of(e.uri()).toUri().toString()) + "\">" + esc(e.uri()) + "</a>";
    return "all " + e.count() + " in " + where + " (SHA-256 <code>" + esc(e.sha256()) + "</code>)";
  }

  /** A verification report that lists only some verdicts, in words. */
  static String verdictCounts(io.snapdrill.model.VerificationReport v) {
    return (v.totalIndices() - v.failedIndices()) + " of " + v.totalIndices() + " indices passed, " + v.failedIndices()
        + " failed; the first " + v.indices().size() + " verdicts are listed, failed first";
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

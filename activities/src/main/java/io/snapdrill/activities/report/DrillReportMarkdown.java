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
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** The drill report as on-call and auditors read it. */
final class DrillReportMarkdown {
  private DrillReportMarkdown() {}

  static String render(DrillResult r) {
    return render(r, null);
  }

  static String render(DrillResult r, DrillTiming timing) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(RecoveryObjectives.title(r)).append(" ").append(r.drillId()).append("\n\n");
    md.append("| | |\n|---|---|\n");
    row(md, "Cluster", r.cluster());
    row(md, "Outcome", "**" + r.outcome() + "**" + (r.failureType() != null ? " (" + r.failureType() + ")" : ""));
    if (r.snapshot() != null) {
      row(md, "Snapshot", r.snapshot().name() + " (`" + r.snapshot().uuid() + "`, " + r.snapshot().state()
          + ", started " + r.snapshot().startTime() + ")");
      row(md, "Source", r.snapshot().product() + " " + r.snapshot().version() + ", repository "
          + r.snapshot().repository() + ", " + r.snapshot().totalIndices() + " indices");
    }
    row(md, "Started / ended", r.startedAt() + " / " + r.endedAt());
    row(md, RecoveryObjectives.RPO_LABEL + " [^rpo]", RecoveryObjectives.rpo(r));
    row(md, RecoveryObjectives.INTERVAL_LABEL + " [^rpo]", RecoveryObjectives.interval(r));
    row(md, RecoveryObjectives.rtoLabel(r) + " [^rto]", RecoveryObjectives.rto(r));
    if (r.hostCostUsd() != null) {
      row(md, "Restore host cost (estimate)", usd(r.hostCostUsd()) + " (hourly price times launch request to termination)");
    }
    if (r.failureMessage() != null) {
      md.append("\n## Failure\n\n").append(r.failureMessage()).append("\n");
      if (RunbookHints.forType(r.failureType()) != null) {
        md.append("\n**What to do:** ").append(RunbookHints.forType(r.failureType())).append("\n");
      }
    }

    md.append("\n## Stages\n\n| stage | status | started | duration | detail |\n|---|---|---|---|---|\n");
    for (StageRecord s : r.stages()) {
      md.append("| ").append(s.stage()).append(" | ").append(s.status())
          .append(s.failureType() != null ? " (" + s.failureType() + ")" : "")
          .append(" | ").append(s.startedAt() == null ? "" : s.startedAt())
          .append(" | ").append(s.durationMillis() == null ? "" : HumanDuration.of(Duration.ofMillis(s.durationMillis())))
          .append(" | ").append(cell(s.detail())).append(" |\n");
    }
    if (timing != null) {
      md.append("\nTiming: ").append(timing.describe()).append(".\n");
    }

    Set<String> healed = HealEvidence.healedBlobs(r.heal());
    if (r.replicaCheck() != null) {
      md.append("\n## Replica\n\n").append(HealEvidence.replicaSummary(r.replicaCheck(), healed)).append("\n");
      if (!r.replicaCheck().complete()) {
        r.replicaCheck().problems().stream().limit(50)
            .forEach(p -> md.append("- ").append(HealEvidence.describe(p, healed)).append("\n"));
        String stored = HealEvidence.stored(r.replicaCheck().problemEvidence());
        if (stored != null) {
          md.append("- ").append(stored).append("\n");
        }
      }
    }

    if (r.storageAudit() != null) {
      md.append("\n## Storage audit\n\n");
      for (BucketAudit b : r.storageAudit().buckets()) {
        md.append("- **").append(b.role()).append("** s3://").append(b.bucket()).append("/").append(b.prefix())
            .append(": versioning ").append(b.versioningStatus() == null || b.versioningStatus().isEmpty() ? "never enabled" : b.versioningStatus())
            .append("\n");
        for (LifecycleFinding f : b.lifecycle()) {
          md.append("  - rule `").append(f.ruleId()).append("`: ").append(f.verdict()).append(": ").append(f.reason());
          if (f.fix() != null) {
            md.append(" Fix: ").append(f.fix());
          }
          md.append("\n");
        }
        for (DeleteMarker m : HealEvidence.needed(b)) {
          md.append("  - delete marker on `").append(m.key()).append("` breaks ")
              .append(String.join(", ", m.breaksSnapshots())).append("\n");
        }
        String neededUnlisted = HealEvidence.neededUnlisted(b);
        if (neededUnlisted != null) {
          md.append("  - ").append(neededUnlisted).append("\n");
        }
        String stored = HealEvidence.stored(b.neededMarkerEvidence());
        if (stored != null) {
          md.append("  - ").append(stored).append("\n");
        }
        String needless = HealEvidence.needless(b);
        if (needless != null) {
          md.append("  - ").append(needless).append("\n");
        }
      }
    }
    if (r.heal() != null) {
      heal(md, r.heal());
    }

    if (!r.hosts().isEmpty()) {
      md.append("\n## Restore hosts\n\n");
      for (RestoreHost h : r.hosts()) {
        md.append("- ").append(h.provider()).append(" ").append(h.hostId());
        if (h.instanceType() != null) {
          md.append(", ").append(h.instanceType()).append(h.spot() ? " spot" : " on-demand").append(" in ").append(h.availabilityZone());
        }
        if (h.pricePerHourUsd() != null) {
          md.append(", $").append(String.format(java.util.Locale.ROOT, "%.4f", h.pricePerHourUsd())).append("/h");
        }
        md.append("\n");
      }
    }

    if (r.verification() != null) {
      md.append("\n## Verification\n\nCluster health: ").append(r.verification().clusterHealth()).append("\n\n");
      md.append("| index | verdict | expected docs | restored docs | reasons |\n|---|---|---|---|---|\n");
      for (IndexVerdict v : r.verification().indices()) {
        md.append("| ").append(v.index()).append(" | ").append(v.passed() ? "passed" : "**failed**")
            .append(" | ").append(v.expectedDocuments()).append(" | ").append(v.actualDocuments())
            .append(" | ").append(cell(String.join("; ", v.reasons()))).append(" |\n");
      }
      if (!r.verification().allIndicesListed()) {
        md.append("\n").append(DrillReportHtml.verdictCounts(r.verification()));
        String stored = HealEvidence.stored(r.verification().verdictEvidence());
        md.append(stored == null ? "" : "; " + stored).append(".\n\n");
      }
      r.verification().problems().forEach(p -> md.append("- ").append(p).append("\n"));
    }

    if (!r.warnings().isEmpty()) {
      md.append("\n## Warnings\n\n");
      r.warnings().forEach(w -> md.append("- ").append(w).append("\n"));
    }
    md.append("\n[^rpo]: ").append(RecoveryObjectives.RPO_DEFINITION).append("\n");
    md.append("[^rto]: ").append(RecoveryObjectives.rtoDefinition(r)).append("\n");
    return md.toString();
  }

  private static void heal(StringBuilder md, HealReport h) {
    md.append("\n## ").append(HealEvidence.heading(h)).append("\n\n").append(HealEvidence.summary(h)).append("\n");
    if (!h.removed().isEmpty()) {
      md.append("\n| blob | ").append(HealEvidence.markersHeader(h)).append(" | ").append(HealEvidence.versionHeader(h))
          .append(" | needed by |\n|---|---|---|---|\n");
      for (HealEvidence.Row row : HealEvidence.rows(h)) {
        md.append("| `s3://").append(cell(row.blob())).append("` | ")
            .append(row.markers().stream().map(v -> "`" + v + "`").collect(Collectors.joining(", ")))
            .append(" | ").append(row.version() == null ? "unknown" : "`" + row.version() + "`")
            .append(row.versionFromAudit() && row.version() != null ? " " + HealEvidence.fromAuditNote() : "")
            .append(" | ").append(cell(String.join(", ", row.neededBy()))).append(" |\n");
      }
      if (HealEvidence.unlistedRows(h) > 0) {
        md.append("\n").append(HealEvidence.unlistedRowsNote(h)).append("\n");
      }
    }
    if (!h.unhealable().isEmpty()) {
      md.append("\n").append(HealEvidence.unhealableHeading()).append(":\n\n");
      h.unhealable().stream().limit(HealEvidence.LISTED).forEach(m -> md.append("- `s3://").append(m.bucket()).append('/')
          .append(m.key()).append("` (marker ").append(m.markerVersionId()).append("): ")
          .append(HealEvidence.whyUnhealable(m)).append("\n"));
      String more = HealEvidence.unlistedUnhealable(h);
      if (more != null) {
        md.append("- ").append(more).append("\n");
      }
    }
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(value == null ? "" : value).append(" |\n");
  }

  static String usd(double amount) {
    return String.format(java.util.Locale.ROOT, "$%.3f", amount);
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }
}

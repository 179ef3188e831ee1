package io.snapdrill.activities.report;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.workflows.activities.ReportActivities;
import java.time.Instant;
import java.util.List;

/** Drills of a restore-a-thon, their reports written as the drill workflow writes them. */
final class RestoreAThonFixtures {
  private RestoreAThonFixtures() {}

  static final Instant START = Instant.parse("2027-01-04T06:00:00Z");
  static final Instant END = Instant.parse("2027-01-04T18:22:00Z");

  static DrillResult drill(String cluster, DrillOutcome outcome, FailureType type, String message, Long rpo, Long rto,
      Double cost, HealReport heal) {
    DrillResult base = DrillReportHtmlTest.failedDrill();
    return new DrillResult("restore-a-thon-q1-" + cluster, cluster, outcome, type,
        type == null ? null : type.withHint(message), base.snapshot(), base.stages(), base.startedAt(), base.endedAt(),
        rpo, 86_400L, rto, null, null, null, null, null, null, heal, base.hosts(), cost, base.restore(),
        base.verification(), List.of(), null);
  }

  static DrillResult passed(String cluster, long rpo, long rto, double cost) {
    return drill(cluster, DrillOutcome.PASSED, null, null, rpo, rto, cost, null);
  }

  /** The drill's report written through {@code reports}, and the summary the restore-a-thon keeps of it. */
  static DrillSummary reported(ReportActivities reports, DrillResult drill) {
    ReportLocation location = reports.writeDrillReport(drill);
    return DrillSummary.of(drill.withReport(location));
  }
}

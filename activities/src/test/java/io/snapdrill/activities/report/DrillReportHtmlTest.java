package io.snapdrill.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StageStatus;
import io.snapdrill.model.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML reports as a browser renders them: headless Chromium, no console errors, every stage shown. */
class DrillReportHtmlTest {
  private static HeadlessChromium chromium;

  @TempDir Path tmp;

  @BeforeAll
  static void chromium() {
    chromium = HeadlessChromium.find().orElse(null);
  }

  private static void needChromium() {
    Assumptions.assumeTrue(chromium != null, "chromium is not installed and .ci/install-chromium.sh could not"
        + " install it (needs apt-get and the Debian package 'chromium'); the HTML rendering test is skipped");
  }

  @Test
  void drillReportRendersWithoutConsoleErrorsAndShowsEveryStage() throws Exception {
    needChromium();
    ReportLocation written = new ReportActivitiesImpl(tmp.resolve("reports")).writeDrillReport(failedDrill());
    assertThat(written.html()).endsWith("drill-report.html");

    HeadlessChromium.Rendered rendered = chromium.render(Path.of(written.html()), tmp);

    assertThat(rendered.exitCode()).isZero();
    assertThat(rendered.console()).as("console messages").isEmpty();
    for (Stage stage : Stage.DRILL) {
      assertThat(rendered.dom()).contains("data-stage=\"" + stage + "\"");
    }
    assertThat(rendered.dom()).contains("VERIFICATION_FAILED", "logs-2026.11 &lt;restored&gt;", "bar FAILED",
        "3 of 4 documents are missing", "What to do:", "per-index verdicts");
    assertThat(Files.readString(Path.of(written.html()))).doesNotContain("http://", "https://", "<script", "<link");
  }

  @Test
  void aHealedDrillsReportRendersItsReplicaStorageAuditAndHealSections() throws Exception {
    needChromium();
    ReportLocation written = new ReportActivitiesImpl(tmp.resolve("reports")).writeDrillReport(
        DrillReportHealTest.healedDrill());

    HeadlessChromium.Rendered rendered = chromium.render(Path.of(written.html()), tmp);

    assertThat(rendered.exitCode()).isZero();
    assertThat(rendered.console()).as("console messages").isEmpty();
    assertThat(rendered.dom()).contains("<h2>Replica</h2>", "all present after healing", "<h2>Storage audit</h2>",
        "250 delete markers over blobs no snapshot needs", "<h2>Healing</h2>", "<th>version brought back</th>",
        "<code>v-1</code>", "approved by alice (Temporal client 4242@ops-bastion)");
  }

  @Test
  void restoreAThonReportRendersEveryCluster() throws Exception {
    needChromium();
    DrillResult failed = failedDrill();
    DrillResult passed = new DrillResult("drill-billing-Bq1", "billing", DrillOutcome.PASSED, null, null,
        failed.snapshot(), failed.stages(), failed.startedAt(), failed.endedAt(), 3600L, null, 95L, null, null, null, null, null, null, null,
        List.of(), 0.042, null, null, List.of(), null);
    ReportActivitiesImpl reports = new ReportActivitiesImpl(tmp.resolve("reports"));
    var batch = reports.storeDrillSummaries("restore-a-thon-2027-01-04", 1,
        List.of(DrillSummary.of(failed), DrillSummary.of(passed)));
    ReportLocation written = reports.writeRestoreAThonReport(new RestoreAThonReportRequest("restore-a-thon-2027-01-04",
        failed.startedAt(), failed.endedAt(), List.of(failed.cluster(), "billing"), List.of(batch)));

    HeadlessChromium.Rendered rendered = chromium.render(Path.of(written.html()), tmp);

    assertThat(rendered.console()).isEmpty();
    assertThat(rendered.dom()).contains("logs-prod", "billing", "1 of 2 configured clusters were restored and verified",
        "1 min 35 s", "VERIFICATION_FAILED", "Estimated restore host cost</th><td><strong>$0.042</strong>");
  }

  @Test
  void theConsoleCheckCatchesAPageThatReachesOut() throws Exception {
    needChromium();
    // The same check on a page that loads something from elsewhere must fail: otherwise it proves nothing.
    String leaky = DrillReportHtml.render(failedDrill()).replace("</body>", "<img src=\"http://127.0.0.1:9/x.png\"></body>");
    Path page = Files.writeString(tmp.resolve("leaky.html"), leaky);

    assertThat(chromium.render(page, tmp).console()).isNotEmpty();
  }

  static DrillResult failedDrill() {
    Instant t0 = Instant.parse("2026-11-22T06:00:00Z");
    List<StageRecord> stages = new ArrayList<>();
    int offset = 0;
    for (Stage stage : Stage.DRILL) {
      StageStatus status = switch (stage) {
        case VERIFY -> StageStatus.FAILED;
        case SNAPSHOT -> StageStatus.SKIPPED;
        default -> StageStatus.PASSED;
      };
      int length = stage == Stage.RESTORE ? 300 : 20;
      stages.add(new StageRecord(stage, status, t0.plusSeconds(offset), t0.plusSeconds(offset + length),
          stage + " detail with <angle> & \"quotes\"", status == StageStatus.FAILED ? FailureType.VERIFICATION_FAILED : null));
      offset += length;
    }
    SnapshotInfo snapshot = new SnapshotInfo("backups", "nightly-2026.11.22", "Xh3vQ9dTQ2aW1x_yZ-7a1g", "SUCCESS",
        t0.minusSeconds(3600), t0.minusSeconds(3500), List.of("logs-2026.11"), "elasticsearch", "8.19.3");
    return new DrillResult("drill-logs-prod-Xh3vQ9dTQ2aW1x_yZ-7a1g", "logs-prod", DrillOutcome.FAILED,
        FailureType.VERIFICATION_FAILED, "index logs-2026.11: 3 of 4 documents are missing", snapshot, stages, t0,
        t0.plusSeconds(offset), 3600L, null, null, null, null, null, null, null, null, null,
        List.of(new RestoreHost("h1", "local", "node-1", "http://127.0.0.1:9201", null, null, false, null, t0)), null,
        new RestoreResult(List.of("logs-2026.11"), 1, 4096),
        new VerificationReport(List.of(new IndexVerdict("logs-2026.11 <restored>", false, 4, 1,
            List.of("3 of 4 documents are missing"))), "green", List.of()),
        List.of("restore host ran 6 minutes"), null);
  }
}

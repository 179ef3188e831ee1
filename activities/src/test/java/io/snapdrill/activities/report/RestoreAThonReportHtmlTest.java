package io.snapdrill.activities.report;

import static io.snapdrill.activities.report.RestoreAThonFixtures.END;
import static io.snapdrill.activities.report.RestoreAThonFixtures.START;
import static io.snapdrill.activities.report.RestoreAThonFixtures.drill;
import static io.snapdrill.activities.report.RestoreAThonFixtures.passed;
import static io.snapdrill.activities.report.RestoreAThonFixtures.reported;
import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ReportLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore-a-thon report page as headless Chromium renders it: no console messages, every section. */
class RestoreAThonReportHtmlTest {
  private static HeadlessChromium chromium;

  @TempDir Path tmp;

  @BeforeAll
  static void chromium() {
    chromium = HeadlessChromium.find().orElse(null);
  }

  @Test
  void rendersCoverageWithARedRowChangesFailuresHealApprovalsAndTheManifest() throws Exception {
    Assumptions.assumeTrue(chromium != null, "chromium is not installed and .ci/install-chromium.sh could not"
        + " install it; the HTML rendering test is skipped");
    Path dir = tmp.resolve("reports");
    ReportActivitiesImpl drills = new ReportActivitiesImpl(dir);
    RestoreAThonReports reports = new RestoreAThonReports(ReportStore.local(dir));
    reports.write("restore-a-thon-q4", START.minus(Duration.ofDays(91)), END.minus(Duration.ofDays(91)),
        List.of("billing"), List.of(reported(drills, passed("billing", 3600, 600, 1.0))));
    ReportLocation written = reports.write("restore-a-thon-q1 <&>", START, END,
        List.of("billing", "search", "logs-prod", "payments"), List.of(
            reported(drills, passed("billing", 3000, 750, 1.0)),
            reported(drills, drill("search", DrillOutcome.PASSED, null, null, 60L, 60L, 0.5,
                DrillReportHealTest.healedDrill().heal())),
            reported(drills, drill("logs-prod", DrillOutcome.FAILED, FailureType.VERIFICATION_FAILED,
                "index <logs>: 3 of 4 documents are missing", 7200L, null, 0.25, null))));

    HeadlessChromium.Rendered rendered = chromium.render(Path.of(written.html()), tmp);

    assertThat(rendered.exitCode()).isZero();
    assertThat(rendered.console()).as("console messages").isEmpty();
    assertThat(rendered.dom()).contains("restore-a-thon-q1 &lt;&amp;&gt;",
        "2 of 4 configured clusters were restored and verified",
        "<tr data-cluster=\"payments\" data-status=\"NOT_DRILLED\" class=\"missing\">",
        "<span class=\"better\">-10 min 00 s</span>", "<span class=\"worse\">+2 min 30 s</span>",
        "index &lt;logs&gt;: 3 of 4 documents are missing", "What to do:", "snapdrill drill --cluster payments",
        "alice (Temporal client 4242@ops-bastion)", "<code>restore-a-thon-q4</code>",
        "Estimated restore host cost</th><td><strong>$1.750</strong>");
    assertThat(rendered.dom().split("class=\"badge OK\"", -1)).as("three manifest rows OK").hasSize(4);
    assertThat(Files.readString(Path.of(written.html()))).doesNotContain("http://", "https://", "<script", "<link");
  }
}

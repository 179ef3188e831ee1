package io.snapdrill.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore-a-thon's stored summary batches, and the report rows read back from them. */
class RestoreAThonSummariesTest {
  private static final Instant T0 = Instant.parse("2027-01-04T00:00:00Z");
  @TempDir Path tmp;

  @Test
  void everyConfiguredClusterIsARowAndOneNeverDrilledIsAFailedOne() {
    ReportActivitiesImpl reports = new ReportActivitiesImpl(tmp);
    DrillSummary logs = DrillSummary.of(DrillResult.failedEarly("thon-logs", "logs", FailureType.SNAPSHOT_FAILED, "no repo"));
    StoredEvidence first = reports.storeDrillSummaries("thon", 1, List.of(logs));
    StoredEvidence second = reports.storeDrillSummaries("thon", 2, List.of());

    RestoreAThonReport report = reports.restoreAThonReport(
        new RestoreAThonReportRequest("thon", T0, T0.plusSeconds(60), List.of("logs", "billing"), List.of(first, second)));

    assertThat(first.uri()).endsWith("thon/drill-summaries-0001.json");
    assertThat(first.count()).isEqualTo(1);
    assertThat(report.drills()).extracting(DrillResult::cluster).containsExactly("logs", "billing");
    assertThat(report.drills()).extracting(DrillResult::outcome).containsOnly(DrillOutcome.FAILED);
    assertThat(report.drills().get(1).failureMessage()).contains("not drilled");
    assertThat(report.passed()).isZero();
    assertThat(report.failed()).isEqualTo(2);
  }

  @Test
  void aBatchChangedSinceItWasStoredIsRefused() throws Exception {
    ReportActivitiesImpl reports = new ReportActivitiesImpl(tmp);
    StoredEvidence batch = reports.storeDrillSummaries("thon", 1,
        List.of(DrillSummary.of(DrillResult.failedEarly("thon-logs", "logs", FailureType.SNAPSHOT_FAILED, "no repo"))));
    Files.writeString(Path.of(batch.uri()), Files.readString(Path.of(batch.uri())).replace("FAILED", "PASSED"));

    assertThatThrownBy(() -> reports.readSummaries(batch)).hasMessageContaining("changed since");
  }
}

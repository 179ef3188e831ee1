package io.snapdrill.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore-a-thon's stored summary batches through the report activity the workflow calls: every
 * configured cluster is a row, one never drilled a red one, and a batch changed since it was stored is
 * named as an evidence problem.
 */
class RestoreAThonSummariesTest {
  private static final Instant T0 = Instant.parse("2027-01-04T00:00:00Z");
  @TempDir Path tmp;

  private static JsonNode json(ReportLocation location) throws Exception {
    return ReportActivitiesImpl.jsonMapper().readTree(Files.readString(Path.of(location.json())));
  }

  @Test
  void everyConfiguredClusterIsARowAndOneNeverDrilledIsNotDrilled() throws Exception {
    ReportActivitiesImpl reports = new ReportActivitiesImpl(tmp);
    DrillSummary logs = DrillSummary.of(DrillResult.failedEarly("thon-logs", "logs", FailureType.SNAPSHOT_FAILED, "no repo"));
    StoredEvidence first = reports.storeDrillSummaries("thon", 1, List.of(logs));
    StoredEvidence second = reports.storeDrillSummaries("thon", 2, List.of());

    JsonNode report = json(reports.writeRestoreAThonReport(
        new RestoreAThonReportRequest("thon", T0, T0.plusSeconds(60), List.of("logs", "billing"), List.of(first, second))));

    assertThat(first.uri()).endsWith("thon/drill-summaries-0001.json");
    assertThat(first.count()).isEqualTo(1);
    assertThat(report.path("clusters").findValuesAsText("cluster")).containsExactly("logs", "billing");
    assertThat(report.path("clusters").findValuesAsText("status")).containsExactly("FAILED", "NOT_DRILLED");
    assertThat(report.path("problems").toString()).contains("drill report of logs (thon-logs): no report was written");
  }

  @Test
  void aBatchChangedSinceItWasStoredIsNamedAsAnEvidenceProblem() throws Exception {
    ReportActivitiesImpl reports = new ReportActivitiesImpl(tmp);
    StoredEvidence batch = reports.storeDrillSummaries("thon", 1,
        List.of(DrillSummary.of(DrillResult.failedEarly("thon-logs", "logs", FailureType.SNAPSHOT_FAILED, "no repo"))));
    Files.writeString(Path.of(batch.uri()), Files.readString(Path.of(batch.uri())).replace("no repo", "all good"));

    JsonNode report = json(reports.writeRestoreAThonReport(
        new RestoreAThonReportRequest("thon", T0, T0.plusSeconds(60), List.of("logs"), List.of(batch))));

    assertThat(report.path("problems").toString()).contains(batch.uri(), "changed since it was stored");
  }
}

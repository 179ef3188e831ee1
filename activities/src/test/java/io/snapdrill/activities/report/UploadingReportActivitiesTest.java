package io.snapdrill.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Reports uploaded to a report bucket on a real S3-compatible server (S3Mock). */
class UploadingReportActivitiesTest {
  @TempDir Path tmp;

  @Test
  void drillAndRestoreAThonReportsLandInTheReportBucket() throws Exception {
    S3Client s3 = S3MockServer.shared().client();
    s3.createBucket(b -> b.bucket("snapdrill-reports"));
    UploadingReportActivities reports = new UploadingReportActivities(new ReportActivitiesImpl(tmp), s3,
        "snapdrill-reports", "/evidence/2026/", tmp);

    ReportLocation drill = reports.writeDrillReport(DrillReportHtmlTest.failedDrill());
    StoredEvidence batch = reports.storeDrillSummaries("restore-a-thon-2027-01-04", 1,
        List.of(DrillSummary.of(DrillReportHtmlTest.failedDrill())));
    // read back from the bucket, not from this worker's disk: a retry may run on another worker
    Files.delete(tmp.resolve("restore-a-thon-2027-01-04/drill-summaries-0001.json"));
    ReportLocation thon = reports.writeRestoreAThonReport(new RestoreAThonReportRequest("restore-a-thon-2027-01-04",
        Instant.parse("2027-01-04T00:00:00Z"), Instant.parse("2027-01-05T00:00:00Z"), List.of("logs-prod"), List.of(batch)));

    assertThat(batch.uri()).isEqualTo("s3://snapdrill-reports/evidence/2026/restore-a-thon-2027-01-04/drill-summaries-0001.json");
    assertThat(batch.count()).isEqualTo(1);
    assertThat(batch.sha256()).hasSize(64);

    assertThat(drill.html()).isEqualTo("s3://snapdrill-reports/evidence/2026/drill-logs-prod-Xh3vQ9dTQ2aW1x_yZ-7a1g/drill-report.html");
    assertThat(drill.json()).endsWith("/drill-report.json");
    assertThat(thon.markdown()).isEqualTo("s3://snapdrill-reports/evidence/2026/restore-a-thon-2027-01-04/restore-a-thon-report.md");
    var html = s3.getObjectAsBytes(b -> b.bucket("snapdrill-reports")
        .key("evidence/2026/drill-logs-prod-Xh3vQ9dTQ2aW1x_yZ-7a1g/drill-report.html"));
    assertThat(html.response().contentType()).startsWith("text/html");
    assertThat(html.asString(StandardCharsets.UTF_8)).contains("data-stage=\"VERIFY\"", "VERIFICATION_FAILED");
    assertThat(s3.getObjectAsBytes(b -> b.bucket("snapdrill-reports")
        .key("evidence/2026/restore-a-thon-2027-01-04/restore-a-thon-report.json")).asUtf8String())
        .contains("\"restoreAThonId\" : \"restore-a-thon-2027-01-04\"", "VERIFICATION_FAILED");
  }

  @Test
  void aMissingReportBucketIsNamed() {
    UploadingReportActivities reports = new UploadingReportActivities(new ReportActivitiesImpl(tmp),
        S3MockServer.shared().client(), "no-such-report-bucket", null, tmp);

    assertThatThrownBy(() -> reports.writeDrillReport(DrillReportHtmlTest.failedDrill()))
        .hasMessageContaining("s3://no-such-report-bucket/drill-logs-prod-Xh3vQ9dTQ2aW1x_yZ-7a1g/drill-report.json")
        .hasMessageContaining("reports.s3Bucket");
  }
}

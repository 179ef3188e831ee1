package io.snapdrill.activities.report;

import static io.snapdrill.activities.report.RestoreAThonFixtures.END;
import static io.snapdrill.activities.report.RestoreAThonFixtures.START;
import static io.snapdrill.activities.report.RestoreAThonFixtures.passed;
import static io.snapdrill.activities.report.RestoreAThonFixtures.reported;
import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.ReportRetention;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The restore-a-thon report read from and written to a report bucket on a real S3-compatible server
 * (S3Mock), with the Object Lock headers sent. S3Mock creates Object Lock buckets and answers
 * Get/PutObjectRetention, but ignores a retention sent with PutObject (5.2.0): the headers themselves
 * are checked in {@link ReportUploadObjectLockTest}.
 */
class RestoreAThonReportS3Test {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final Instant NOW = Instant.parse("2027-01-04T18:30:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path tmp;
  private S3Client s3;
  private String bucket;

  @BeforeEach
  void lockedBucket() {
    s3 = S3MockServer.shared().client();
    bucket = "snapdrill-reports-" + BUCKETS.incrementAndGet();
    s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
  }

  private UploadingReportActivities drillReports(ReportRetention retention) {
    return new UploadingReportActivities(new ReportActivitiesImpl(tmp.resolve("worker-1")), s3, bucket, "evidence",
        retention, CLOCK);
  }

  private RestoreAThonReports reports(ReportRetention retention) {
    // another worker's disk: everything must come from the bucket
    return new RestoreAThonReports(ReportStore.uploading(tmp.resolve("worker-2"), s3, bucket, "evidence", retention,
        CLOCK));
  }

  @Test
  void readsDrillReportsFromTheBucketAndUploadsEveryFile() throws Exception {
    ReportRetention compliance = new ReportRetention("COMPLIANCE", 2555);
    DrillSummary billing = reported(drillReports(compliance), passed("billing", 3600, 600, 1.0));
    assertThat(billing.report().json()).isEqualTo("s3://" + bucket + "/evidence/restore-a-thon-q1-billing/drill-report.json");
    RestoreAThonReports reports = reports(compliance);
    StoredEvidence batch = reports.storeDrillSummaries("restore-a-thon-q1", 0, List.of(billing));

    ReportLocation written = reports.writeRestoreAThonReport(new RestoreAThonReportRequest("restore-a-thon-q1", START,
        END, List.of("billing", "payments"), List.of(batch)));

    assertThat(written.json()).isEqualTo("s3://" + bucket + "/evidence/restore-a-thon-q1/restore-a-thon-report.json");
    String json = s3.getObjectAsBytes(b -> b.bucket(bucket).key("evidence/restore-a-thon-q1/restore-a-thon-report.json"))
        .asUtf8String();
    byte[] drillReport = s3.getObjectAsBytes(b -> b.bucket(bucket)
        .key("evidence/restore-a-thon-q1-billing/drill-report.json")).asByteArray();
    assertThat(json).contains("\"sha256\" : \"" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(drillReport)) + "\"", "\"state\" : \"OK\"",
        "1 of 2 configured clusters");
    for (String key : List.of("restore-a-thon-q1/restore-a-thon-report.json", "restore-a-thon-q1/restore-a-thon-report.md",
        "restore-a-thon-q1/restore-a-thon-report.html", "restore-a-thon-q1/restore-a-thon-manifest.sha256",
        "restore-a-thon-q1/drill-summaries-0000.json", "restore-a-thons/20270104T060000Z_restore-a-thon-q1.json",
        "restore-a-thon-q1-billing/drill-report.html")) {
      assertThat(s3.headObject(b -> b.bucket(bucket).key("evidence/" + key)).contentLength()).as(key).isPositive();
    }
    assertThat(tmp.resolve("worker-2/restore-a-thon-q1-billing")).as("read from the bucket, not a disk").doesNotExist();
  }

  @Test
  void comparesWithThePreviousRestoreAThonListedInTheBucketAndNamesAMissingReport() {
    ReportRetention governance = new ReportRetention("governance", 30);
    UploadingReportActivities drills = drillReports(governance);
    reports(governance).write("restore-a-thon-q4", START.minus(Duration.ofDays(91)), END.minus(Duration.ofDays(91)),
        List.of("billing"), List.of(reported(drills, passed("billing", 3600, 600, 1.0))));
    DrillSummary billing = reported(drills, passed("billing", 3000, 750, 1.0));
    DrillSummary search = reported(drills, passed("search", 60, 60, 1.0));
    // deleting without a version id lays a delete marker, which Object Lock allows: the report is gone to readers
    s3.deleteObject(b -> b.bucket(bucket).key("evidence/restore-a-thon-q1-search/drill-report.json"));

    RestoreAThonReport report = reports(governance).build("restore-a-thon-q1", START, END, List.of("billing", "search"),
        List.of(billing, search), List.of());

    assertThat(report.previous().restoreAThonId()).isEqualTo("restore-a-thon-q4");
    assertThat(report.previous().report()).isEqualTo("s3://" + bucket + "/evidence/restore-a-thon-q4/restore-a-thon-report.json");
    assertThat(report.clusters().get(0).rpoChangeSeconds()).isEqualTo(-600L);
    assertThat(report.manifest().get(1).state()).isEqualTo("missing: no object " + search.report().json());
    assertThat(report.summary()).endsWith("1 drill report is missing or unreadable (see the manifest).");
  }
}

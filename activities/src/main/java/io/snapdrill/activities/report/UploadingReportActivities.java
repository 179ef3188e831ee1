package io.snapdrill.activities.report;

import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.ReportConfig;
import io.snapdrill.activities.config.ReportRetention;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.workflows.activities.ReportActivities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes the reports locally (through the wrapped activity), then uploads them to the report bucket
 * ({@code reports.s3Bucket}, under {@code s3Prefix/<drill-id>/}) and answers with their s3:// URIs:
 * a worker's disk is gone with the worker, the bucket is where auditors look. Uploading the same
 * report again (an activity retry) overwrites it with identical content (with Object Lock, as a new
 * version: the locked one stays).
 */
public final class UploadingReportActivities implements ReportActivities {
  private final ReportActivities local;
  private final ReportUpload upload;
  private final RestoreAThonReports restoreAThons;

  /** @param directory where restore-a-thon reports are written before they are uploaded */
  public UploadingReportActivities(ReportActivities local, S3Client s3, String bucket, String prefix, Path directory) {
    this(local, s3, bucket, prefix, null, Clock.systemUTC(), directory);
  }

  /**
   * @param retention the Object Lock retention every upload carries, or null for none
   * @param directory where restore-a-thon reports are written before they are uploaded
   */
  public UploadingReportActivities(ReportActivities local, S3Client s3, String bucket, String prefix,
      ReportRetention retention, Clock clock, Path directory) {
    this.local = local;
    this.upload = new ReportUpload(s3, bucket, prefix, retention, clock);
    this.restoreAThons = new RestoreAThonReports(ReportStore.uploading(directory, s3, bucket, prefix, retention, clock));
  }

  /** Uploads to the configured report bucket with the worker's client for its region. */
  public static UploadingReportActivities to(ReportActivities local, AwsClients aws, ReportConfig config) {
    return new UploadingReportActivities(local, aws.s3(AwsClientSettings.region(config.s3Region())),
        config.s3Bucket(), config.s3Prefix(), config.objectLock(), Clock.systemUTC(), Path.of(config.directory()));
  }

  @Override
  public ReportLocation writeDrillReport(DrillResult result) {
    return upload(local.writeDrillReport(result));
  }

  /** The restore-a-thon's summaries and report live in the bucket's store itself: nothing to upload after. */
  @Override
  public ReportLocation writeRestoreAThonReport(RestoreAThonReportRequest request) {
    return restoreAThons.writeRestoreAThonReport(request);
  }

  @Override
  public StoredEvidence storeDrillSummaries(String restoreAThonId, int batch, List<DrillSummary> summaries) {
    return restoreAThons.storeDrillSummaries(restoreAThonId, batch, summaries);
  }

  private ReportLocation upload(ReportLocation written) {
    return new ReportLocation(put(written.json(), "application/json"), put(written.markdown(), "text/markdown; charset=utf-8"),
        put(written.html(), "text/html; charset=utf-8"));
  }

  private String put(String file, String contentType) {
    if (file == null) {
      return null;
    }
    Path path = Path.of(file);
    // <report directory>/<drill-id>/<file name> becomes <prefix>/<drill-id>/<file name>
    String relative = path.getParent().getFileName() + "/" + path.getFileName();
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read report " + path + " to upload it: " + e.getMessage(), e);
    }
    return upload.put(relative, content, contentType);
  }
}

package io.snapdrill.activities.report;

import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.ReportConfig;
import io.snapdrill.activities.config.ReportRetention;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreAThonResult;
import io.snapdrill.workflows.activities.ReportActivities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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

  public UploadingReportActivities(ReportActivities local, S3Client s3, String bucket, String prefix) {
    this(local, s3, bucket, prefix, null, Clock.systemUTC());
  }

  /** @param retention the Object Lock retention every upload carries, or null for none */
  public UploadingReportActivities(ReportActivities local, S3Client s3, String bucket, String prefix,
      ReportRetention retention, Clock clock) {
    this.local = local;
    this.upload = new ReportUpload(s3, bucket, prefix, retention, clock);
  }

  /** Uploads to the configured report bucket with the worker's client for its region. */
  public static UploadingReportActivities to(ReportActivities local, AwsClients aws, ReportConfig config) {
    return new UploadingReportActivities(local, aws.s3(AwsClientSettings.region(config.s3Region())),
        config.s3Bucket(), config.s3Prefix(), config.objectLock(), Clock.systemUTC());
  }

  @Override
  public ReportLocation writeDrillReport(DrillResult result) {
    return upload(local.writeDrillReport(result));
  }

  @Override
  public ReportLocation writeRestoreAThonReport(RestoreAThonResult result) {
    return upload(local.writeRestoreAThonReport(result));
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

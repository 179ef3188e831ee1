package io.snapdrill.activities.report;

import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.ReportConfig;
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
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes the reports locally (through the wrapped activity), then uploads them to the report bucket
 * ({@code reports.s3Bucket}, under {@code s3Prefix/<drill-id>/}) and answers with their s3:// URIs:
 * a worker's disk is gone with the worker, the bucket is where auditors look. Uploading the same
 * report again (an activity retry) overwrites it with identical content.
 */
public final class UploadingReportActivities implements ReportActivities {
  private final ReportActivities local;
  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public UploadingReportActivities(ReportActivities local, S3Client s3, String bucket, String prefix) {
    this.local = local;
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
  }

  /** Uploads to the configured report bucket with the worker's client for its region. */
  public static UploadingReportActivities to(ReportActivities local, AwsClients aws, ReportConfig config) {
    return new UploadingReportActivities(local, aws.s3(AwsClientSettings.region(config.s3Region())),
        config.s3Bucket(), config.s3Prefix());
  }

  @Override
  public ReportLocation writeDrillReport(DrillResult result) {
    return upload(local.writeDrillReport(result));
  }

  /** The stored batches are read back from the bucket (a retry may run on another worker), then rendered locally. */
  @Override
  public ReportLocation writeRestoreAThonReport(RestoreAThonReportRequest request) {
    List<StoredEvidence> local = new ArrayList<>();
    try {
      Path dir = Files.createTempDirectory("snapdrill-summaries");
      for (StoredEvidence batch : request.summaryBatches()) {
        local.add(batch.uri().startsWith("s3://") ? download(batch, dir) : batch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back the drill summaries: " + e.getMessage(), e);
    }
    return upload(this.local.writeRestoreAThonReport(new RestoreAThonReportRequest(request.restoreAThonId(),
        request.startedAt(), request.endedAt(), request.configuredClusters(), local)));
  }

  @Override
  public StoredEvidence storeDrillSummaries(String restoreAThonId, int batch, List<DrillSummary> summaries) {
    StoredEvidence written = local.storeDrillSummaries(restoreAThonId, batch, summaries);
    return new StoredEvidence(put(written.uri(), "application/json"), written.sha256(), written.count());
  }

  private StoredEvidence download(StoredEvidence batch, Path dir) throws IOException {
    String rest = batch.uri().substring("s3://".length());
    String from = rest.substring(0, rest.indexOf('/'));
    String key = rest.substring(rest.indexOf('/') + 1);
    Path file = dir.resolve(Path.of(key).getFileName().toString());
    try {
      Files.write(file, s3.getObjectAsBytes(b -> b.bucket(from).key(key)).asByteArray());
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot read drill summaries " + batch.uri() + ": " + e.getMessage()
          + " (check the worker's s3:GetObject permission on reports.s3Bucket)", e);
    }
    return new StoredEvidence(file.toString(), batch.sha256(), batch.count());
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
    String key = (prefix.isEmpty() ? "" : prefix + "/") + path.getParent().getFileName() + "/" + path.getFileName();
    try {
      s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(path));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot upload report " + path + " to s3://" + bucket + "/" + key + ": "
          + e.getMessage() + " (check reports.s3Bucket, reports.s3Region and the worker's s3:PutObject permission)", e);
    }
    return "s3://" + bucket + "/" + key;
  }
}

package io.snapdrill.activities.config;

import jakarta.validation.Valid;

/**
 * @param directory where reports are written (created when missing)
 * @param s3Bucket optionally also upload reports to this bucket (with {@code s3Prefix})
 * @param objectLock optionally upload every report with an Object Lock retention (the bucket must have
 *     Object Lock enabled: infra-terraform's {@code report-bucket} module); null uploads without one;
 *     ignored without {@code s3Bucket} (a local file cannot be locked)
 */
public record ReportConfig(String directory, String s3Bucket, String s3Prefix, String s3Region,
    @Valid ReportRetention objectLock) {
  public static final ReportConfig DEFAULTS = new ReportConfig("snapdrill-reports", null, null, null);

  public ReportConfig {
    directory = directory == null || directory.isBlank() ? "snapdrill-reports" : directory;
  }

  /** Reports without an Object Lock retention. */
  public ReportConfig(String directory, String s3Bucket, String s3Prefix, String s3Region) {
    this(directory, s3Bucket, s3Prefix, s3Region, null);
  }
}

package io.snapdrill.activities.config;

/**
 * @param directory where reports are written (created when missing)
 * @param s3Bucket optionally also upload reports to this bucket (with {@code s3Prefix})
 */
public record ReportConfig(String directory, String s3Bucket, String s3Prefix, String s3Region) {
  public static final ReportConfig DEFAULTS = new ReportConfig("snapdrill-reports", null, null, null);

  public ReportConfig {
    directory = directory == null || directory.isBlank() ? "snapdrill-reports" : directory;
  }
}

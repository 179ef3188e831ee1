package io.snapdrill.worker.cli;

import io.snapdrill.activities.config.BucketConfig;
import picocli.CommandLine.Option;

/** How an offline command reaches the bucket of an {@code s3://bucket/prefix} location. */
public class S3LocationOptions {
  @Option(names = "--endpoint", paramLabel = "URL", description = "S3-compatible endpoint instead of AWS.")
  public String endpoint;

  @Option(names = "--region", paramLabel = "REGION", description = "The bucket's region (default: us-east-1).")
  public String region;

  @Option(names = "--path-style", description = "Path-style S3 addressing (most S3-compatible servers).")
  public boolean pathStyle;

  /** The bucket and prefix of {@code s3://bucket[/prefix]}, with these options. */
  public static BucketConfig bucket(String location, String endpoint, String region, boolean pathStyle) {
    if (!location.startsWith("s3://")) {
      throw new IllegalArgumentException("'" + location + "' is not s3://bucket/prefix");
    }
    String rest = location.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("'" + location + "' names no bucket; expected s3://bucket/prefix");
    }
    return new BucketConfig(bucket, slash < 0 ? "" : rest.substring(slash + 1), region == null ? "us-east-1" : region,
        endpoint, pathStyle);
  }

  public BucketConfig bucket(String location) {
    return bucket(location, endpoint, region, pathStyle);
  }
}

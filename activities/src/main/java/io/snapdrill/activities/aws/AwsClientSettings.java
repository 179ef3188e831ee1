package io.snapdrill.activities.aws;

import io.snapdrill.activities.config.BucketConfig;
import java.net.URI;

/**
 * What tells one AWS client from another: two calls with equal settings share a client (and its
 * connection pool). Credentials are not part of it: every client of a worker uses the credentials
 * its {@link AwsClients} was made with (the default chain in production).
 *
 * @param region null for the SDK's default region chain
 * @param endpoint null for AWS itself, else an S3-compatible server or a test endpoint
 * @param pathStyle S3 path-style addressing (most S3-compatible servers need it); ignored by other services
 */
public record AwsClientSettings(String region, URI endpoint, boolean pathStyle) {

  public AwsClientSettings {
    region = region == null || region.isBlank() ? null : region;
  }

  /** An AWS service in {@code region}. */
  public static AwsClientSettings region(String region) {
    return new AwsClientSettings(region, null, false);
  }

  /** The S3 client a repository bucket is read with. */
  public static AwsClientSettings of(BucketConfig bucket) {
    String endpoint = bucket.endpoint();
    return new AwsClientSettings(bucket.region(),
        endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint), bucket.pathStyle());
  }
}

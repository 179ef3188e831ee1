package io.snapdrill.activities.storage;

import io.snapdrill.activities.config.BucketConfig;
import java.net.URI;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the S3 client for a bucket; tests point it at the local S3 server. */
@FunctionalInterface
public interface S3ClientFactory {

  S3Client client(BucketConfig bucket);

  /** The default credential chain, the bucket's region, and its endpoint/path style when set. */
  static S3ClientFactory defaults() {
    return bucket -> {
      var builder = S3Client.builder()
          .region(Region.of(bucket.region()))
          .httpClientBuilder(ApacheHttpClient.builder())
          .forcePathStyle(bucket.pathStyle());
      if (bucket.endpoint() != null && !bucket.endpoint().isBlank()) {
        builder.endpointOverride(URI.create(bucket.endpoint()));
      }
      return builder.build();
    };
  }

  default BlobStore blobStore(BucketConfig bucket) {
    return new S3BlobStore(client(bucket), bucket.bucket(), bucket.keyPrefix());
  }
}

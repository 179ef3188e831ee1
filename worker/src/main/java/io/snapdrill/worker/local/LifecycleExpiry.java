package io.snapdrill.worker.local;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;

/**
 * Stands in for S3 lifecycle expiry, which no local S3 server performs: stores the rule as S3 would,
 * and does to a blob what the rule's expiration does to a versioned bucket once the object is old
 * enough, a delete marker over its current version.
 */
final class LifecycleExpiry {
  private final S3Client s3;
  private final String bucket;

  LifecycleExpiry(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** A rule expiring current versions after {@code days}; {@code prefix} "" covers the whole bucket. */
  void putRule(String id, String prefix, int days) {
    s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(r -> r
        .id(id).status(ExpirationStatus.ENABLED).filter(f -> f.prefix(prefix)).expiration(e -> e.days(days)))));
  }

  /** Returns the bucket key that now hides behind a delete marker. */
  String expireOneBlobOf(String repositoryKey, String keyPrefix) {
    String key = keyPrefix + repositoryKey;
    s3.deleteObject(b -> b.bucket(bucket).key(key));
    return key;
  }
}

package io.snapdrill.activities.storage;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.model.FailureType;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The buckets of a configured cluster and their clients, shared by the storage activities. */
final class StorageAccess {
  private final ClusterDirectory clusters;
  private final S3ClientFactory factory;
  private final Map<BucketConfig, S3Client> clients = new ConcurrentHashMap<>();

  StorageAccess(ClusterDirectory clusters, S3ClientFactory factory) {
    this.clusters = clusters;
    this.factory = factory;
  }

  StorageConfig storage(String cluster) {
    return clusters.cluster(cluster).storage();
  }

  S3Client client(BucketConfig bucket) {
    return clients.computeIfAbsent(bucket, factory::client);
  }

  BlobStore store(BucketConfig bucket) {
    return new S3BlobStore(client(bucket), bucket.bucket(), bucket.keyPrefix());
  }

  static void heartbeat(Object details) {
    Activity.getExecutionContext().heartbeat(details);
  }

  /**
   * Access and existence errors will not go away by retrying: non-retryable, naming the bucket.
   * Anything else (throttling, network) is left to the activity's retry policy.
   */
  static RuntimeException translate(S3Exception e, String bucket) {
    int status = e.statusCode();
    if (status == 403 || status == 404 || status == 301) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      return FailureType.CONFIGURATION_INVALID.failure("s3://" + bucket + ": " + code + " (HTTP " + status
          + "): check the bucket name, region and the worker's IAM permissions");
    }
    return e;
  }

  static boolean isFailure(RuntimeException e) {
    return e instanceof ApplicationFailure;
  }
}

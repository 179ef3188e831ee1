package io.snapdrill.activities.storage;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.model.FailureType;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The buckets of a configured cluster and the worker's clients for them, shared by the storage activities. */
final class StorageAccess {
  private final ClusterDirectory clusters;
  private final AwsClients aws;

  StorageAccess(ClusterDirectory clusters, AwsClients aws) {
    this.clusters = clusters;
    this.aws = aws;
  }

  StorageConfig storage(String cluster) {
    return clusters.cluster(cluster).storage();
  }

  S3Client client(BucketConfig bucket) {
    return aws.s3(bucket);
  }

  /**
   * The client healing uses for every call it makes on {@code bucket}: as the configured heal role
   * when there is one, so the worker's own role needs no {@code s3:DeleteObjectVersion}; else the
   * worker's own client.
   */
  S3Client healClient(StorageConfig storage, BucketConfig bucket) {
    return storage.healRoleArn() == null ? aws.s3(bucket) : aws.s3AssumingRole(bucket, storage.healRoleArn());
  }

  BlobStore store(BucketConfig bucket) {
    return S3BlobStore.of(aws, bucket);
  }

  static void heartbeat(Object details) {
    Activity.getExecutionContext().heartbeat(details);
  }

  /** What the attempt before heartbeated last, or null on a first attempt (or details of another shape). */
  static <T> T heartbeatDetails(Class<T> type) {
    try {
      return Activity.getExecutionContext().getHeartbeatDetails(type).orElse(null);
    } catch (RuntimeException otherShape) {
      return null; // e.g. a string an older worker heartbeated: start over
    }
  }

  /**
   * Access and existence errors will not go away by retrying: non-retryable, naming the bucket.
   * Anything else (throttling, network) is left to the activity's retry policy.
   */
  static RuntimeException translate(S3Exception e, String bucket) {
    int status = e.statusCode();
    if (status == 403 || status == 404 || status == 301) {
      String code = code(e);
      return FailureType.CONFIGURATION_INVALID.failure("s3://" + bucket + ": " + code + " (HTTP " + status
          + "): check the bucket name, region and the worker's IAM permissions");
    }
    return e;
  }

  /** The AWS error code, or "" when the answer carried none. */
  static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
  }

  static boolean isFailure(RuntimeException e) {
    return e instanceof ApplicationFailure;
  }
}

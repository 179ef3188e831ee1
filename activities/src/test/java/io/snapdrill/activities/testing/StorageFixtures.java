package io.snapdrill.activities.testing;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.storage.StorageAuditActivitiesImpl;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Configuration for a cluster whose repository buckets live on a local S3 server. */
public final class StorageFixtures {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private StorageFixtures() {}

  /** A bucket name no other test of this JVM uses. */
  public static String uniqueBucket(String purpose) {
    return purpose + "-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
  }

  public static BucketConfig bucket(java.net.URI endpoint, String name, String prefix) {
    return new BucketConfig(name, prefix, S3MockServer.REGION, endpoint.toString(), true);
  }

  public static ClusterDirectory directory(String cluster, BucketConfig primary, BucketConfig replica) {
    return directory(cluster, new StorageConfig(primary, replica, null, null));
  }

  public static ClusterDirectory directory(String cluster, StorageConfig storage) {
    ClusterConfig config = new ClusterConfig(cluster, Product.ELASTICSEARCH, "http://127.0.0.1:9", null, null,
        "fixture", null, storage, null, null);
    return new ClusterDirectory(new SnapdrillConfig(List.of(config), null, null, null, null));
  }

  /** Clients for the local server (the endpoint comes from the bucket's configuration), with test credentials. */
  public static AwsClients clients(ExecutionInterceptor... interceptors) {
    return new AwsClients(builder -> forLocalServer(builder, interceptors));
  }

  /** Test credentials, which a local server accepts, and request interceptors. */
  public static void forLocalServer(AwsClientBuilder<?, ?> builder, ExecutionInterceptor... interceptors) {
    builder.credentialsProvider(S3MockServer.CREDENTIALS);
    builder.overrideConfiguration(o -> List.of(interceptors).forEach(o::addExecutionInterceptor));
  }

  /**
   * AUDIT_STORAGE of cluster "prod" over these buckets, registered on {@code env}, each call tried once:
   * a test sees the activity's own failure, not a retry's.
   */
  public static StorageAuditActivities storageAudit(TestActivityEnvironment env, BucketConfig primary,
      BucketConfig replica) {
    env.registerActivitiesImplementations(new StorageAuditActivitiesImpl(directory("prod", primary, replica), clients()));
    return env.newActivityStub(StorageAuditActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }
}

package io.snapdrill.activities.storage;

import io.snapdrill.activities.config.BatchReplicationConfig;
import io.snapdrill.activities.config.BucketConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.CreateJobResponse;
import software.amazon.awssdk.services.s3control.model.JobReportScope;
import software.amazon.awssdk.services.s3control.model.ReplicationStatus;

/**
 * Starts an S3 Batch Replication job (s3control CreateJob with a generated manifest) that replicates
 * the repository objects under the prefix that never replicated or failed to. One job per cluster
 * and snapshot: the client request token makes a repeated call return the same job.
 */
public final class BatchReplication {

  private BatchReplication() {}

  public static String start(S3ControlClient s3control, BatchReplicationConfig config, BucketConfig primary,
      String cluster, String snapshotUuid) {
    CreateJobResponse response = s3control.createJob(job -> job
        .accountId(config.accountId())
        .roleArn(config.roleArn())
        .priority(10)
        .confirmationRequired(false)
        .clientRequestToken(token(cluster, snapshotUuid))
        .description("snapdrill: replicate s3://" + primary.bucket() + "/" + primary.keyPrefix() + " for snapshot "
            + snapshotUuid + " of " + cluster)
        .operation(o -> o.s3ReplicateObject(r -> { }))
        .report(r -> r.enabled(false).reportScope(JobReportScope.FAILED_TASKS_ONLY))
        .manifestGenerator(g -> g.s3JobManifestGenerator(s -> s
            .sourceBucket("arn:aws:s3:::" + primary.bucket())
            .enableManifestOutput(false)
            .filter(f -> {
              f.eligibleForReplication(true)
                  .objectReplicationStatuses(ReplicationStatus.NONE, ReplicationStatus.FAILED);
              if (!primary.keyPrefix().isEmpty()) {
                f.keyNameConstraint(k -> k.matchAnyPrefix(primary.keyPrefix()));
              }
            }))));
    return response.jobId();
  }

  /** S3 Control accepts up to 64 characters. */
  static String token(String cluster, String snapshotUuid) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((cluster + "\n" + snapshotUuid).getBytes(StandardCharsets.UTF_8));
      return "snapdrill-" + HexFormat.of().formatHex(digest, 0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

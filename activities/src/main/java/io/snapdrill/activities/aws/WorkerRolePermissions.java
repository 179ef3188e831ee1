package io.snapdrill.activities.aws;

import java.util.List;
import java.util.Optional;

/**
 * Every S3, S3 Control, SQS and STS call the worker makes with its own role, and the IAM action AWS
 * authorizes it by. (EC2 and SSM: {@code Ec2HostPermissions}; healing's calls under the heal role:
 * {@code HealPermissions}.) The activities' and worker's tests record every AWS call the code makes
 * and fail on one missing here; infra-terraform's checks fail when the worker policy does not grant a
 * listed action on the listed resource, and docs/operations.md lists each. A call the local S3
 * servers accept never meets an IAM gap for the first time in a real account.
 */
public final class WorkerRolePermissions {

  /** What a grant must name as its resource, so infra-terraform can hold the worker policy to it. */
  public enum Resource {
    /** Both snapshot buckets (bucket ARN): listings and bucket configuration. */
    REPOSITORY_BUCKETS,
    /** Keys under each repository prefix in both buckets ({@code <bucket ARN>/<prefix>/*}). */
    REPOSITORY_OBJECTS,
    /** Keys under the reports prefix of the reports bucket: the only keys the worker writes. */
    REPORT_OBJECTS,
    /** The reports bucket (bucket ARN), listed under the reports prefix only. */
    REPORT_BUCKET,
    /** The snapshot-events queue the trigger consumer polls. */
    EVENTS_QUEUE,
    /** The queue unhandled events are kept in. */
    DEAD_LETTER_QUEUE,
    /** The heal role, assumed for healing alone. */
    HEAL_ROLE,
    /** "*": the action has no resource-level permissions. */
    ANY
  }

  /**
   * @param service the SDK's service name ({@code SdkExecutionAttribute.SERVICE_NAME}: S3, S3Control, Sqs, Sts)
   * @param operation the API operation as the SDK names it ({@code SdkExecutionAttribute.OPERATION_NAME})
   * @param versioned whether the call names a version id: S3 authorizes {@code GetObject} of a version by
   *     {@code s3:GetObjectVersion}, not {@code s3:GetObject}
   * @param action the IAM action AWS's service authorization reference lists for the call
   */
  public record Grant(String service, String operation, boolean versioned, String action, Resource resource,
      String usedFor) {}

  public static final List<Grant> WORKER = List.of(
      new Grant("S3", "ListObjectsV2", false, "s3:ListBucket", Resource.REPOSITORY_BUCKETS,
          "listing repository blobs under the prefix: the replica check, repository reading"),
      new Grant("S3", "ListObjectVersions", false, "s3:ListBucketVersions", Resource.REPOSITORY_BUCKETS,
          "the storage audit and the replica check: delete markers, earlier versions, replica storage classes"),
      new Grant("S3", "GetObject", false, "s3:GetObject", Resource.REPOSITORY_OBJECTS,
          "reading repository metadata (index-N, snapshot and index metadata)"),
      new Grant("S3", "GetObject", true, "s3:GetObjectVersion", Resource.REPOSITORY_OBJECTS,
          "reading metadata a delete marker hides, by its version id"),
      new Grant("S3", "GetBucketVersioning", false, "s3:GetBucketVersioning", Resource.REPOSITORY_BUCKETS,
          "the storage audit: versioning on both buckets"),
      new Grant("S3", "GetBucketLifecycleConfiguration", false, "s3:GetLifecycleConfiguration",
          Resource.REPOSITORY_BUCKETS, "the storage audit: lifecycle rules that expire repository blobs"),
      new Grant("S3", "ListBucketIntelligentTieringConfigurations", false, "s3:GetIntelligentTieringConfiguration",
          Resource.REPOSITORY_BUCKETS, "the storage audit: Intelligent-Tiering archive tiers"),
      new Grant("S3", "GetBucketReplication", false, "s3:GetReplicationConfiguration", Resource.REPOSITORY_BUCKETS,
          "the replica check: the primary bucket's replication rules"),
      new Grant("S3", "GetBucketEncryption", false, "s3:GetEncryptionConfiguration", Resource.REPOSITORY_BUCKETS,
          "the replica check: SSE-KMS default encryption, which replication rules must opt into"),
      new Grant("S3", "PutObject", false, "s3:PutObject", Resource.REPORT_OBJECTS,
          "uploading drill reports and evidence (reports.s3Bucket)"),
      // S3 authorizes a PutObject that carries x-amz-object-lock-* headers by s3:PutObjectRetention too
      new Grant("S3", "PutObject", false, "s3:PutObjectRetention", Resource.REPORT_OBJECTS,
          "uploading reports with an Object Lock retention (reports.objectLock)"),
      new Grant("S3", "GetObject", false, "s3:GetObject", Resource.REPORT_OBJECTS,
          "reading back what the store holds: the drill reports and summaries the restore-a-thon report includes, the evidence VERIFY reads (the expectations SNAPSHOT stored)"),
      new Grant("S3", "ListObjectsV2", false, "s3:ListBucket", Resource.REPORT_BUCKET,
          "the restore-a-thon report: listing earlier restore-a-thons (<reports prefix>/restore-a-thons/)"),
      new Grant("S3Control", "CreateJob", false, "s3:CreateJob", Resource.ANY,
          "starting S3 Batch Replication for blobs live replication never copied (storage.batchReplication)"),
      new Grant("Sqs", "ReceiveMessage", false, "sqs:ReceiveMessage", Resource.EVENTS_QUEUE,
          "the trigger consumer: polling snapshot events"),
      new Grant("Sqs", "DeleteMessage", false, "sqs:DeleteMessage", Resource.EVENTS_QUEUE,
          "the trigger consumer: removing an event once a drill or a dead letter holds it"),
      new Grant("Sqs", "SendMessage", false, "sqs:SendMessage", Resource.DEAD_LETTER_QUEUE,
          "keeping an event no drill could start from (triggers.deadLetterQueueUrl)"),
      new Grant("Sts", "AssumeRole", false, "sts:AssumeRole", Resource.HEAL_ROLE,
          "healing, as the heal role (storage.healRoleArn)"));

  private WorkerRolePermissions() {}

  /** The grant a call of the worker needs, if the worker is known to make it. */
  public static Optional<Grant> forCall(String service, String operation, boolean versioned) {
    return WORKER.stream()
        .filter(g -> g.service().equalsIgnoreCase(service) && g.operation().equals(operation)
            && g.versioned() == versioned)
        .findFirst();
  }
}

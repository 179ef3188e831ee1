package io.snapdrill.activities.storage;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.BlobArchivedException;
import io.snapdrill.activities.blob.BlobNotFoundException;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.repository.RepositoryFormatException;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.StsException;

/** AUDIT_STORAGE against S3 (or an S3-compatible endpoint from the configuration). */
public final class StorageAuditActivitiesImpl implements StorageAuditActivities {
  private final StorageAccess access;

  public StorageAuditActivitiesImpl(ClusterDirectory clusters, AwsClients aws) {
    this.access = new StorageAccess(clusters, aws);
  }

  @Override
  public StorageAudit auditStorage(StorageCheckRequest request) {
    StorageConfig storage = access.storage(request.cluster());
    // Which snapshots need which blob comes from the primary repository: the replica may be behind
    // or torn, and a blob's name means the same in both buckets.
    Map<String, List<String>> needs;
    try {
      needs = StorageAuditor.snapshotsByBlob(access.store(storage.primary()));
    } catch (BlobNotFoundException e) {
      // listed a moment ago, gone now: on S3 that is a blob hidden since (or a concurrent deletion)
      throw FailureType.DELETE_MARKER_HIDES_BLOB.failure("the primary repository s3://" + storage.primary().bucket()
          + "/" + storage.primary().keyPrefix() + " cannot be read: " + e.getMessage());
    } catch (BlobArchivedException e) {
      throw FailureType.LIFECYCLE_RULE_COVERS_REPOSITORY.failure("the primary repository s3://"
          + storage.primary().bucket() + "/" + storage.primary().keyPrefix() + " cannot be read: " + e.getMessage()
          + " (a lifecycle transition or an Intelligent-Tiering archive tier moved it; restore it with aws s3api"
          + " restore-object and scope the rule away from the repository)");
    } catch (RepositoryFormatException e) {
      throw FailureType.STAGE_ERROR.failure("the primary repository s3://" + storage.primary().bucket()
          + "/" + storage.primary().keyPrefix() + " cannot be read: " + e.getMessage()
          + " (inspect it with: snapdrill inspect-repo s3://" + storage.primary().bucket() + "/"
          + storage.primary().keyPrefix() + ")");
    } catch (S3Exception e) {
      throw StorageAccess.translate(e, storage.primary().bucket());
    }
    return new StorageAudit(List.of(
        audit("primary", storage.primary(), needs),
        audit("replica", storage.replica(), needs)));
  }

  private BucketAudit audit(String role, BucketConfig bucket, Map<String, List<String>> needs) {
    try {
      return StorageAuditor.audit(role, bucket, access.client(bucket), needs, StorageAccess::heartbeat);
    } catch (S3Exception e) {
      throw StorageAccess.translate(e, bucket.bucket());
    }
  }

  @Override
  public HealReport healDeleteMarkers(HealRequest request) {
    StorageConfig storage = access.storage(request.cluster());
    List<DeleteMarker> markers = request.markers() == null ? List.of() : request.markers();
    try {
      return DeleteMarkerHealer.heal(markers, request.dryRun(), bucket -> clientFor(storage, bucket),
          StorageAccess::heartbeat);
    } catch (SdkException e) {
      StsException refused = refusedAssumeRole(e);
      if (refused == null || storage.healRoleArn() == null) {
        throw e;
      }
      // A trust policy or a missing grant: no retry fixes it, and nothing was deleted without the role.
      throw FailureType.CONFIGURATION_INVALID.failure("cannot heal: the worker may not assume storage.healRoleArn "
          + storage.healRoleArn() + " of cluster '" + request.cluster() + "' (STS " + StorageAccess.code(refused)
          + ", HTTP " + refused.statusCode() + ": " + refused.awsErrorDetails().errorMessage() + "). The role's trust"
          + " policy must name the worker's role, and the worker's role must allow sts:AssumeRole on it"
          + " (infra-terraform's iam module creates both with enable_healing = true); STS must be active in the"
          + " buckets' regions");
    }
  }

  /** STS refusing AssumeRole for good (403: AccessDenied, RegionDisabledException; 400 ValidationError), if that is the cause. */
  private static StsException refusedAssumeRole(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StsException sts && sts.awsErrorDetails() != null
          && (sts.statusCode() == 403 || "ValidationError".equals(sts.awsErrorDetails().errorCode()))) {
        return sts;
      }
    }
    return null;
  }

  /** Only the cluster's own repository buckets are ever changed, and only as the heal role if one is set. */
  private S3Client clientFor(StorageConfig storage, String bucket) {
    if (storage.primary().bucket().equals(bucket)) {
      return access.healClient(storage, storage.primary());
    }
    if (storage.replica().bucket().equals(bucket)) {
      return access.healClient(storage, storage.replica());
    }
    return null;
  }
}

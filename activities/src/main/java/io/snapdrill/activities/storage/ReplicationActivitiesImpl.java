package io.snapdrill.activities.storage;

import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.repository.RepositoryFormatException;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.ReplicationRuleCheck;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.ReplicationActivities;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** CONFIRM_REPLICATION against S3 (or an S3-compatible endpoint from the configuration). */
public final class ReplicationActivitiesImpl implements ReplicationActivities {
  private final StorageAccess access;

  public ReplicationActivitiesImpl(ClusterDirectory clusters, S3ClientFactory s3) {
    this.access = new StorageAccess(clusters, s3);
  }

  @Override
  public ReplicationRuleCheck checkReplicationRule(StorageCheckRequest request) {
    StorageConfig storage = access.storage(request.cluster());
    try {
      return ReplicationRules.check(access.client(storage.primary()), storage.primary(), storage.replica());
    } catch (S3Exception e) {
      throw StorageAccess.translate(e, storage.primary().bucket());
    }
  }

  @Override
  public ReplicaCheck checkReplica(StorageCheckRequest request) {
    StorageConfig storage = access.storage(request.cluster());
    StorageAccess.heartbeat("attempt " + request.attempt() + ": reading the primary repository");
    try {
      return ReplicaChecker.check(access.store(storage.primary()), access.store(storage.replica()),
          request.snapshotUuid(),
          compared -> StorageAccess.heartbeat("attempt " + request.attempt() + ": compared " + compared + " blobs"));
    } catch (RepositoryFormatException | io.snapdrill.activities.storage.BlobNotFoundException e) {
      throw FailureType.REPLICA_INCOMPLETE.failure("cannot work out which blobs snapshot " + request.snapshotUuid()
          + " needs from the primary repository s3://" + storage.primary().bucket() + "/" + storage.primary().keyPrefix()
          + ": " + e.getMessage() + " (run the storage audit: a delete marker or a damaged blob on the primary"
          + " breaks the snapshot everywhere)");
    } catch (S3Exception e) {
      throw StorageAccess.translate(e, storage.replica().bucket() + " or " + storage.primary().bucket());
    }
  }
}

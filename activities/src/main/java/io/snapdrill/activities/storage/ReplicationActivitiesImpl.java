package io.snapdrill.activities.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.BlobArchivedException;
import io.snapdrill.activities.blob.BlobNotFoundException;
import io.snapdrill.activities.blob.ImmutableBlobCache;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.BatchReplicationConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.activities.repository.RepositoryFormatException;
import io.snapdrill.model.BlobProblem;
import io.snapdrill.model.BlobProblemKind;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.ReplicationRuleCheck;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3control.model.S3ControlException;

/** CONFIRM_REPLICATION against S3 (or an S3-compatible endpoint from the configuration). */
public final class ReplicationActivitiesImpl implements ReplicationActivities {
  private final StorageAccess access;
  private final AwsClients aws;
  private final ImmutableBlobCache metadata;
  private final EvidenceStore evidence;
  private final int pageSize;
  private final int storedEvery;

  /** Problems beyond those a check lists go to a temporary directory: for tests and tools without reports. */
  public ReplicationActivitiesImpl(ClusterDirectory clusters, AwsClients aws) {
    this(clusters, aws, EvidenceStore.temporary());
  }

  public ReplicationActivitiesImpl(ClusterDirectory clusters, AwsClients aws, EvidenceStore evidence) {
    this(clusters, aws, evidence, ImmutableBlobCache.worker());
  }

  /** @param metadata where immutable metadata blobs read before are kept (the worker's; tests their own) */
  ReplicationActivitiesImpl(ClusterDirectory clusters, AwsClients aws, EvidenceStore evidence, ImmutableBlobCache metadata) {
    this(clusters, aws, evidence, metadata, S3BlobStore.MAX_PAGE, ReplicaProgress.STORED_EVERY);
  }

  /**
   * @param pageSize keys per listing request of the replica (tests list small repositories in many pages)
   * @param storedEvery problems the heartbeat details carry before they go to the report store
   */
  ReplicationActivitiesImpl(ClusterDirectory clusters, AwsClients aws, EvidenceStore evidence, ImmutableBlobCache metadata,
      int pageSize, int storedEvery) {
    this.access = new StorageAccess(clusters, aws);
    this.aws = aws;
    this.evidence = evidence;
    this.metadata = metadata;
    this.pageSize = pageSize;
    this.storedEvery = storedEvery;
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
    // where the attempt before stood: kept in every heartbeat until this one goes further
    ReplicaProgress from = StorageAccess.heartbeatDetails(ReplicaProgress.class);
    StorageAccess.heartbeat(from != null ? from : "attempt " + request.attempt() + ": reading the primary repository");
    try {
      // the primary's immutable metadata is read once per worker: a re-check while replication catches
      // up reads only the root and what is new (a blob hidden in the primary after this worker read it
      // is then seen by AUDIT_STORAGE's listing, not by this read)
      BucketConfig replica = storage.replica();
      ReplicaCheck check = ReplicaChecker.check(metadata.store(access.store(storage.primary())),
          new S3BlobStore(access.client(replica), replica.bucket(), replica.keyPrefix(), pageSize),
          request.snapshotUuid(),
          from,
          StorageAccess::heartbeat,
          reading -> StorageAccess.heartbeat(from != null ? from
              : "attempt " + request.attempt() + ": primary metadata, " + reading),
          parts(request),
          storedEvery);
      failIfArchived(check, request);
      return bounded(withBatchReplication(check, storage, request), request);
    } catch (BlobArchivedException e) {
      throw FailureType.REPLICA_INCOMPLETE.failure("snapshot " + request.snapshotUuid() + " cannot be read from the"
          + " primary repository either: " + e.getMessage() + ". A lifecycle transition or an Intelligent-Tiering"
          + " archive tier on s3://" + storage.primary().bucket() + " breaks the snapshot everywhere (run the storage"
          + " audit); restore the blob with aws s3api restore-object and fix the rule");
    } catch (RepositoryFormatException | BlobNotFoundException e) {
      throw FailureType.REPLICA_INCOMPLETE.failure("cannot work out which blobs snapshot " + request.snapshotUuid()
          + " needs from the primary repository s3://" + storage.primary().bucket() + "/" + storage.primary().keyPrefix()
          + ": " + e.getMessage() + " (run the storage audit: a delete marker or a damaged blob on the primary"
          + " breaks the snapshot everywhere)");
    } catch (S3Exception e) {
      throw StorageAccess.translate(e, storage.replica().bucket() + " or " + storage.primary().bucket());
    }
  }

  /**
   * Where a check's problems go while it lists, so that its heartbeat stays small: one file per part, named
   * by the check, the activity attempt and the part, and read back only with the digest the details carry.
   */
  private ReplicaChecker.ProblemParts parts(StorageCheckRequest request) {
    String run = EvidenceStore.currentRun(request.cluster() + "-" + request.snapshotUuid());
    String name = "replica-check-" + request.attempt() + "-attempt-" + activityAttempt() + "-problems-part-";
    return new ReplicaChecker.ProblemParts() {
      @Override
      public StoredEvidence put(int part, List<BlobProblem> problems) {
        return evidence.put(run, name + part, problems);
      }

      @Override
      public List<BlobProblem> read(StoredEvidence part) {
        return evidence.read(part, new TypeReference<List<BlobProblem>>() {});
      }
    };
  }

  private static int activityAttempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (IllegalStateException | NullPointerException e) {
      return 1;
    }
  }

  /**
   * The check as a payload: every check of the drill's wait is recorded in its history, and a replica
   * missing 20,000 blobs would list about 3 MB in each; the full list goes to the report store.
   */
  private ReplicaCheck bounded(ReplicaCheck check, StorageCheckRequest request) {
    if (check.problems().size() <= ReplicaCheck.LISTED) {
      return check.bounded(null);
    }
    String run = EvidenceStore.currentRun(request.cluster() + "-" + request.snapshotUuid());
    return check.bounded(evidence.put(run, "replica-check-" + request.attempt() + "-problems", check.problems()));
  }

  /**
   * Archived replicas have the right size and replication is done with them: waiting cannot help, and
   * RESTORE would fail on them after a host was paid for. Names a few; the count says how many.
   */
  private static void failIfArchived(ReplicaCheck check, StorageCheckRequest request) {
    List<BlobProblem> archived = check.problems().stream().filter(p -> p.kind() == BlobProblemKind.ARCHIVED).toList();
    if (archived.isEmpty()) {
      return;
    }
    throw FailureType.REPLICA_INCOMPLETE.failure(archived.size() + " blob(s) snapshot " + request.snapshotUuid()
        + " needs are archived in the replica, e.g. " + archived.stream().limit(3).map(BlobProblem::describe)
            .collect(Collectors.joining("; "))
        + ". Replicate into a readable storage class (the rule's Destination.StorageClass, the replica's lifecycle"
        + " rules) and restore or re-copy these objects (aws s3api restore-object)");
  }

  /**
   * Blobs missing from the replica may never replicate by themselves (objects written before the
   * rule existed, failed replications): where configured, a Batch Replication job copies them.
   */
  private ReplicaCheck withBatchReplication(ReplicaCheck check, StorageConfig storage, StorageCheckRequest request) {
    BatchReplicationConfig batch = storage.batchReplication();
    boolean missing = check.problems().stream().anyMatch(p -> p.kind() == BlobProblemKind.MISSING);
    if (batch == null || !batch.enabled() || !missing) {
      return check;
    }
    StorageAccess.heartbeat("attempt " + request.attempt() + ": starting a Batch Replication job");
    try {
      String jobId = BatchReplication.start(aws.s3Control(AwsClientSettings.region(storage.primary().region())), batch, storage.primary(),
          request.cluster(), request.snapshotUuid());
      return new ReplicaCheck(check.replicaBucket(), check.requiredBlobs(), check.requiredBytes(), check.problems(), jobId);
    } catch (S3ControlException e) {
      if (e.statusCode() == 403 || e.statusCode() == 400) {
        throw FailureType.CONFIGURATION_INVALID.failure("cannot start a Batch Replication job for s3://"
            + storage.primary().bucket() + " in account " + batch.accountId() + " as " + batch.roleArn() + ": "
            + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
            + " (check storage.batchReplication and the role's trust and permissions)");
      }
      throw e;
    }
  }
}

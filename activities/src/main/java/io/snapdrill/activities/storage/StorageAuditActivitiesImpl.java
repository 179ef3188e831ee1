package io.snapdrill.activities.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.BlobArchivedException;
import io.snapdrill.activities.blob.BlobNotFoundException;
import io.snapdrill.activities.blob.HiddenBlobScan;
import io.snapdrill.activities.blob.ImmutableBlobCache;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.evidence.EvidenceMismatchException;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.activities.repository.RepositoryFormatException;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.Activity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.StsException;

/** AUDIT_STORAGE against S3 (or an S3-compatible endpoint from the configuration). */
public final class StorageAuditActivitiesImpl implements StorageAuditActivities {
  private final StorageAccess access;
  private final int pageSize;
  private final ImmutableBlobCache metadata;
  private final EvidenceStore evidence;

  public StorageAuditActivitiesImpl(ClusterDirectory clusters, AwsClients aws) {
    this(clusters, aws, EvidenceStore.temporary());
  }

  /** @param evidence where markers over needed blobs beyond those an audit lists are stored, and read back to heal */
  public StorageAuditActivitiesImpl(ClusterDirectory clusters, AwsClients aws, EvidenceStore evidence) {
    this(clusters, aws, S3BlobStore.MAX_PAGE, ImmutableBlobCache.worker(), evidence);
  }

  StorageAuditActivitiesImpl(ClusterDirectory clusters, AwsClients aws, int pageSize, ImmutableBlobCache metadata) {
    this(clusters, aws, pageSize, metadata, EvidenceStore.temporary());
  }

  /**
   * @param pageSize keys per listing request (tests list small repositories in many pages)
   * @param metadata where immutable metadata blobs read before are kept (the worker's; tests their own)
   */
  StorageAuditActivitiesImpl(ClusterDirectory clusters, AwsClients aws, int pageSize, ImmutableBlobCache metadata,
      EvidenceStore evidence) {
    this.access = new StorageAccess(clusters, aws);
    this.pageSize = pageSize;
    this.metadata = metadata;
    this.evidence = evidence;
  }

  /**
   * Scans both buckets for delete markers a listing page at a time, heartbeating after each page
   * where the scans stand ({@link AuditProgress}); a retried attempt goes on from there. Which
   * snapshots need a blob is worked out from the primary repository only when something is hidden,
   * and only for the hidden keys: with no marker, the audit reads no metadata blob at all.
   */
  @Override
  public StorageAudit auditStorage(StorageCheckRequest request) {
    StorageConfig storage = access.storage(request.cluster());
    AuditProgress from = StorageAccess.heartbeatDetails(AuditProgress.class);
    S3BlobStore primaryStore = new S3BlobStore(access.client(storage.primary()), storage.primary().bucket(),
        storage.primary().keyPrefix(), pageSize);
    S3BlobStore replicaStore = new S3BlobStore(access.client(storage.replica()), storage.replica().bucket(),
        storage.replica().keyPrefix(), pageSize);
    HiddenBlobScan primaryScan = new HiddenBlobScan(primaryStore, "", from == null ? null : from.primary());
    HiddenBlobScan replicaScan = new HiddenBlobScan(replicaStore, "", from == null ? null : from.replica());
    Consumer<HiddenBlobScan> beat =
        scan -> StorageAccess.heartbeat(new AuditProgress(primaryScan.checkpoint(), replicaScan.checkpoint()));
    List<HiddenBlobScan.HiddenKey> primaryHidden = scan(primaryScan, beat, storage.primary());
    List<HiddenBlobScan.HiddenKey> replicaHidden = scan(replicaScan, beat, storage.replica());

    // Which snapshots need which blob comes from the primary repository: the replica may be behind
    // or torn, and a blob's name means the same in both buckets.
    Map<String, List<String>> needs = Map.of();
    AtomicReference<RepositoryReader.NeedsPosition> needsAt = new AtomicReference<>(from == null ? null : from.needs());
    if (!primaryHidden.isEmpty() || !replicaHidden.isEmpty()) {
      Set<String> keys = new LinkedHashSet<>(StorageAuditor.keys(primaryHidden));
      keys.addAll(StorageAuditor.keys(replicaHidden));
      needs = needs(storage, primaryStore, keys, needsAt, position -> {
        needsAt.set(position);
        StorageAccess.heartbeat(new AuditProgress(primaryScan.checkpoint(), replicaScan.checkpoint(), position));
      });
    }
    // a retry while judging keeps the needs worked out (the judging itself reads no metadata blob)
    Consumer<String> progress = message -> StorageAccess.heartbeat(
        new AuditProgress(primaryScan.checkpoint(), replicaScan.checkpoint(), needsAt.get()));
    return new StorageAudit(List.of(
        bounded(judge("primary", storage.primary(), primaryStore, primaryHidden, needs, progress), request),
        bounded(judge("replica", storage.replica(), replicaStore, replicaHidden, needs, progress), request)));
  }

  /**
   * The bucket's audit as a payload: a lifecycle expiry over a mature repository hides thousands of needed
   * blobs, and about 7,000 markers listed make 2 MB; every one goes to the report store, where healing reads
   * them back.
   */
  private BucketAudit bounded(BucketAudit audit, StorageCheckRequest request) {
    List<DeleteMarker> needed = audit.listedNeededMarkers();
    if (needed.size() <= BucketAudit.LISTED) {
      return audit.bounded(null);
    }
    String run = EvidenceStore.currentRun(request.cluster() + "-" + request.snapshotUuid());
    return audit.bounded(evidence.put(run, "storage-audit-" + call(request.attempt()) + "-" + audit.role()
        + "-needed-markers", needed));
  }

  /**
   * This activity call's id in its workflow, else {@code fallback}: the drill audits again after healing with
   * the same request, and each audit's evidence must stay what its payload's digest says.
   */
  private static String call(int fallback) {
    try {
      return Activity.getExecutionContext().getInfo().getActivityId();
    } catch (IllegalStateException | NullPointerException e) {
      return String.valueOf(fallback);
    }
  }

  private static List<HiddenBlobScan.HiddenKey> scan(HiddenBlobScan scan, Consumer<HiddenBlobScan> beat,
      BucketConfig bucket) {
    try {
      return scan.run(beat);
    } catch (S3Exception e) {
      throw StorageAccess.translate(e, bucket.bucket());
    }
  }

  /**
   * Which snapshots need each hidden key, going on from where {@code from} (the attempt before) stood and
   * telling {@code checkpoints} where this one stands after each snapshot and each batch of metadata reads.
   */
  private Map<String, List<String>> needs(StorageConfig storage, S3BlobStore primaryStore, Set<String> keys,
      AtomicReference<RepositoryReader.NeedsPosition> from, Consumer<RepositoryReader.NeedsPosition> checkpoints) {
    try {
      // a blob the scan found hidden must be read from S3 (where it is not found), never from the cache
      return StorageAuditor.snapshotsByBlob(metadata.store(primaryStore, key -> !keys.contains(key)), keys,
          from.get(), checkpoints);
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
  }

  private BucketAudit judge(String role, BucketConfig bucket, S3BlobStore store,
      List<HiddenBlobScan.HiddenKey> hidden, Map<String, List<String>> needs, Consumer<String> progress) {
    try {
      return StorageAuditor.judge(role, bucket, access.client(bucket), store, hidden, needs, progress);
    } catch (S3Exception e) {
      throw StorageAccess.translate(e, bucket.bucket());
    }
  }

  @Override
  public HealReport healDeleteMarkers(HealRequest request) {
    StorageConfig storage = access.storage(request.cluster());
    List<DeleteMarker> markers;
    try {
      markers = markers(request);
    } catch (EvidenceMismatchException e) {
      // the stored markers are not the list the audit wrote: no retry makes them so, and healing acts
      // only on what the audit found
      throw FailureType.STAGE_ERROR.failure("cannot heal: " + e.getMessage() + "; nothing was deleted (run the"
          + " storage audit again: it stores a new list)");
    }
    try {
      HealReport report = DeleteMarkerHealer.heal(markers, request.dryRun(), bucket -> clientFor(storage, bucket),
          StorageAccess::heartbeat);
      return bounded(report, request);
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

  /**
   * Every marker to heal: those the request lists and, for a bucket whose audit listed only some, all it
   * stored (read back only with the digest the audit recorded), each once.
   */
  private List<DeleteMarker> markers(HealRequest request) {
    Map<String, DeleteMarker> all = new LinkedHashMap<>();
    for (DeleteMarker m : request.markers() == null ? List.<DeleteMarker>of() : request.markers()) {
      all.putIfAbsent(m.bucket() + "/" + m.key() + "@" + m.markerVersionId(), m);
    }
    for (StoredEvidence stored : request.markerEvidence() == null ? List.<StoredEvidence>of() : request.markerEvidence()) {
      for (DeleteMarker m : evidence.read(stored, new TypeReference<List<DeleteMarker>>() {})) {
        all.putIfAbsent(m.bucket() + "/" + m.key() + "@" + m.markerVersionId(), m);
      }
    }
    return new ArrayList<>(all.values());
  }

  /** The report as a payload: healing thousands of markers names a hundred of each kind and stores the rest. */
  private HealReport bounded(HealReport report, HealRequest request) {
    if (report.removed().size() <= HealReport.MAX_LISTED && report.unhealable().size() <= HealReport.MAX_LISTED) {
      return report.bounded(null, null);
    }
    String run = EvidenceStore.currentRun(request.cluster() + "-heal");
    String name = "heal-" + call(0) + (report.dryRun() ? "-dry-run" : "");
    return report.bounded(
        report.removed().size() > HealReport.MAX_LISTED ? evidence.put(run, name + "-removed", report.removed()) : null,
        report.unhealable().size() > HealReport.MAX_LISTED ? evidence.put(run, name + "-unhealable", report.unhealable()) : null);
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

package io.snapdrill.activities.storage;

import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.HiddenBlobScan;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.lifecycle.IntelligentTieringAnalyzer;
import io.snapdrill.activities.lifecycle.LifecycleAnalyzer;
import io.snapdrill.activities.lifecycle.LifecycleRules;
import io.snapdrill.activities.repository.RepositoryFormatException;
import io.snapdrill.activities.repository.RepositoryReader.RootBlob;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Audits one repository bucket: versioning, lifecycle rules, delete markers over repository blobs. */
public final class StorageAuditor {
  private static final Pattern ROOT_BLOB = Pattern.compile("index-\\d+");

  private StorageAuditor() {}

  /**
   * @param needs for each repository key some snapshot needs, those snapshots' names; null to work
   *     it out from this bucket's own repository
   * @param progress told what the audit is doing, for heartbeats
   */
  public static BucketAudit audit(
      String role, BucketConfig config, S3Client s3, Map<String, List<String>> needs, Consumer<String> progress) {
    progress.accept(role + " s3://" + config.bucket() + ": delete markers");
    S3BlobStore store = new S3BlobStore(s3, config.bucket(), config.keyPrefix());
    List<HiddenBlobScan.HiddenKey> hidden = new HiddenBlobScan(store, "", null)
        .run(scan -> progress.accept(role + " s3://" + config.bucket() + ": delete markers, page " + scan.pages()));
    Map<String, List<String>> byBlob = needs != null || hidden.isEmpty() ? needs
        : snapshotsByBlob(store, keys(hidden), page -> progress.accept(role + ": " + page));
    return judge(role, config, s3, store, hidden, byBlob, progress);
  }

  /** The keys of hidden blobs. */
  static java.util.Set<String> keys(List<HiddenBlobScan.HiddenKey> hidden) {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    hidden.forEach(h -> keys.add(h.key()));
    return keys;
  }

  /**
   * The bucket's audit from its hidden keys (found by a {@link HiddenBlobScan}): versioning, lifecycle
   * rules, and each marker with the snapshots that need the blob under it.
   *
   * @param byBlob for (at least) each hidden key, the snapshots that need it; unused when nothing is hidden
   */
  static BucketAudit judge(String role, BucketConfig config, S3Client s3, S3BlobStore store,
      List<HiddenBlobScan.HiddenKey> hidden, Map<String, List<String>> byBlob, Consumer<String> progress) {
    String bucket = config.bucket();
    progress.accept(role + " s3://" + bucket + ": versioning");
    String versioning = s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString();

    progress.accept(role + " s3://" + bucket + ": lifecycle rules");
    List<LifecycleFinding> lifecycle = new ArrayList<>(
        LifecycleAnalyzer.analyze(bucket, config.keyPrefix(), LifecycleRules.fromSdk(lifecycleRules(s3, bucket))));
    lifecycle.addAll(intelligentTiering(s3, bucket, config.keyPrefix()));

    List<DeleteMarker> markers = new ArrayList<>();
    int needlessListed = 0;
    int needlessUnlisted = 0;
    if (!hidden.isEmpty()) {
      long rootGeneration = newestRoot(store);
      for (HiddenBlobScan.HiddenKey blob : hidden) {
        List<String> snapshots = byBlob.getOrDefault(blob.key(), List.of());
        if (snapshots.isEmpty() && ROOT_BLOB.matcher(blob.key()).matches()
            && Long.parseLong(blob.key().substring(6)) > rootGeneration) {
          // the newest root itself is hidden: the repository silently falls back to an older one
          snapshots = List.of("(every snapshot newer than root generation " + rootGeneration + ")");
        }
        if (snapshots.isEmpty() && needlessListed >= BucketAudit.NEEDLESS_LISTED) {
          needlessUnlisted++; // harmless, and possibly thousands: counted, not carried
          continue;
        }
        needlessListed += snapshots.isEmpty() ? 1 : 0;
        markers.add(new DeleteMarker(bucket, store.objectKey(blob.key()), blob.markerVersionId(),
            blob.previousVersionId(), snapshots));
      }
    }
    return new BucketAudit(role, bucket, config.prefix(), versioning == null ? "" : versioning, lifecycle, markers,
        needlessUnlisted);
  }

  /**
   * For each of {@code keys} some snapshot of the repository in this store needs, those snapshots;
   * empty when the store holds no repository.
   *
   * @param progress told after each batch of metadata reads, for heartbeats
   */
  public static Map<String, List<String>> snapshotsByBlob(BlobStore store, java.util.Set<String> keys,
      Consumer<String> progress) {
    return snapshotsByBlob(store, keys, null, progress, position -> {});
  }

  /**
   * {@link #snapshotsByBlob(BlobStore, java.util.Set, Consumer)} going on from where an earlier attempt
   * stood ({@link RepositoryReader#snapshotsByBlob(RootBlob, io.snapdrill.activities.repository.RepositoryData,
   * java.util.Set, RepositoryReader.NeedsPosition, Consumer, Consumer)}).
   */
  public static Map<String, List<String>> snapshotsByBlob(BlobStore store, java.util.Set<String> keys,
      RepositoryReader.NeedsPosition from, Consumer<RepositoryReader.NeedsPosition> checkpoints) {
    return snapshotsByBlob(store, keys, from, message -> {}, checkpoints);
  }

  private static Map<String, List<String>> snapshotsByBlob(BlobStore store, java.util.Set<String> keys,
      RepositoryReader.NeedsPosition from, Consumer<String> progress, Consumer<RepositoryReader.NeedsPosition> checkpoints) {
    RepositoryReader reader = new RepositoryReader(store);
    RootBlob root;
    try {
      root = reader.latestRoot();
    } catch (RepositoryFormatException noRepository) {
      return Map.of();
    }
    return reader.snapshotsByBlob(root, reader.repositoryData(root), keys, from, progress, checkpoints);
  }

  /** The blobs each snapshot of the repository in this store needs; empty when it has none. */
  public static Map<String, List<String>> snapshotsByBlob(BlobStore store) {
    RepositoryReader reader = new RepositoryReader(store);
    RootBlob root;
    try {
      root = reader.latestRoot();
    } catch (RepositoryFormatException noRepository) {
      return Map.of();
    }
    return reader.snapshotsByBlob(root, reader.repositoryData(root));
  }

  /** The newest root generation the listing names (no read: index.latest is only a hint), or -1. */
  private static long newestRoot(BlobStore store) {
    long newest = -1;
    for (io.snapdrill.activities.blob.BlobEntry entry : store.list("index-")) {
      if (ROOT_BLOB.matcher(entry.key()).matches()) {
        newest = Math.max(newest, Long.parseLong(entry.key().substring(6)));
      }
    }
    return newest;
  }

  /**
   * Archive tiers of Intelligent-Tiering. Nothing to analyse when there is no configuration (an empty
   * list; 404 NoSuchConfiguration) or the server does not implement the API (501 NotImplemented: an
   * S3-compatible server such as local-s3). Missing permission is a warning. Any other error (a 5xx,
   * throttling) is thrown for the activity's retries: read as "none" it would turn a hazard into SAFE.
   */
  static List<LifecycleFinding> intelligentTiering(S3Client s3, String bucket, String keyPrefix) {
    List<IntelligentTieringConfiguration> configurations = new ArrayList<>();
    try {
      String token = null;
      do {
        String continuation = token;
        var page = s3.listBucketIntelligentTieringConfigurations(b -> b.bucket(bucket).continuationToken(continuation));
        configurations.addAll(page.intelligentTieringConfigurationList());
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (S3Exception e) {
      if (e.statusCode() == 403) {
        return List.of(new LifecycleFinding(bucket, "intelligent-tiering", LifecycleVerdict.WARNING,
            "cannot read the bucket's Intelligent-Tiering configurations (AccessDenied), so archive tiers are unchecked",
            "grant the worker s3:GetIntelligentTieringConfiguration on " + bucket));
      }
      if (e.statusCode() == 404 || e.statusCode() == 501) {
        return List.of();
      }
      throw e;
    }
    return IntelligentTieringAnalyzer.analyze(bucket, keyPrefix, configurations);
  }

  static List<LifecycleRule> lifecycleRules(S3Client s3, String bucket) {
    try {
      return s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return List.of(); // NoSuchLifecycleConfiguration
      }
      if (e.statusCode() == 501) {
        return List.of(); // an S3-compatible store without lifecycle support: no rule can expire anything
      }
      throw e;
    }
  }
}

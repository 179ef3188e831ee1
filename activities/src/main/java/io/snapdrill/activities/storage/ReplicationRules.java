package io.snapdrill.activities.storage;

import io.snapdrill.activities.blob.BlobVersion;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ReplicationRuleCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleFilter;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationTimeStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.SseKmsEncryptedObjectsStatus;

/**
 * Finds the primary bucket's replication rule that copies the repository to the replica bucket, the
 * way S3 applies rules: of the enabled rules to the same destination that match a key, the one with
 * the highest Priority wins (list order means nothing). Each rule that wins for some repository key
 * must leave a readable replica: not in an archive storage class, and on a bucket that encrypts with
 * SSE-KMS by default, selecting SSE-KMS objects (S3 skips them otherwise).
 */
public final class ReplicationRules {

  private ReplicationRules() {}

  /** @throws io.temporal.failure.ApplicationFailure REPLICATION_NOT_CONFIGURED saying what is wrong */
  public static ReplicationRuleCheck check(S3Client s3, BucketConfig primary, BucketConfig replica) {
    ReplicationConfiguration configuration;
    try {
      configuration = s3.getBucketReplication(b -> b.bucket(primary.bucket())).replicationConfiguration();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw FailureType.REPLICATION_NOT_CONFIGURED.failure("bucket " + primary.bucket()
            + " has no replication configuration: add a rule replicating prefix '" + primary.keyPrefix()
            + "' to bucket " + replica.bucket());
      }
      throw e;
    }
    String kmsEncryption = defaultKmsEncryption(s3, primary.bucket());
    List<ReplicationRule> byPriority = new ArrayList<>(configuration.rules());
    byPriority.sort(Comparator.comparing(ReplicationRules::priority).reversed());
    List<String> rejected = new ArrayList<>();
    for (ReplicationRule rule : byPriority) {
      String why = whyNot(rule, primary.keyPrefix(), replica.bucket());
      if (why != null) {
        rejected.add("rule '" + rule.id() + "' " + why);
        continue;
      }
      String rulePrefix = prefix(rule);
      boolean coversAll = primary.keyPrefix().startsWith(rulePrefix);
      String unreadable = whyReplicasUnreadable(rule, primary.bucket(), kmsEncryption);
      if (unreadable != null) {
        throw FailureType.REPLICATION_NOT_CONFIGURED.failure("rule '" + rule.id() + "'"
            + (rule.priority() == null ? "" : " (priority " + rule.priority() + ")")
            + (coversAll ? " replicates the repository prefix '" + primary.keyPrefix() + "'"
                : " wins for the repository keys under '" + rulePrefix + "'")
            + " to bucket " + replica.bucket() + ", but " + unreadable);
      }
      if (!coversAll) {
        rejected.add("rule '" + rule.id() + "' only covers prefix '" + rulePrefix + "'");
        continue;
      }
      return new ReplicationRuleCheck(primary.bucket(), replica.bucket(), rule.id(), replicatesDeleteMarkers(rule),
              rule.destination().replicationTime() != null
              && rule.destination().replicationTime().status() == ReplicationTimeStatus.ENABLED);
    }
    throw FailureType.REPLICATION_NOT_CONFIGURED.failure("bucket " + primary.bucket()
        + " has no enabled replication rule copying the repository prefix '" + primary.keyPrefix() + "' to bucket "
        + replica.bucket() + (rejected.isEmpty() ? " (it has no rules)" : ": " + String.join("; ", rejected)));
  }

  /** Why the rule copies no repository key to the replica bucket, or null when it copies some. */
  static String whyNot(ReplicationRule rule, String keyPrefix, String replicaBucket) {
    if (rule.status() != ReplicationRuleStatus.ENABLED) {
      return "is disabled";
    }
    String destination = rule.destination() == null ? null : rule.destination().bucket();
    if (destination == null || !(destination.equals(replicaBucket) || destination.endsWith(":::" + replicaBucket))) {
      return "copies to " + destination + ", not to " + replicaBucket;
    }
    String rulePrefix = prefix(rule);
    if (!keyPrefix.startsWith(rulePrefix) && !rulePrefix.startsWith(keyPrefix)) {
      return "only covers prefix '" + rulePrefix + "'";
    }
    ReplicationRuleFilter filter = rule.filter();
    if (filter != null && (filter.tag() != null || (filter.and() != null && !filter.and().tags().isEmpty()))) {
      return "only copies tagged objects, and Elasticsearch/OpenSearch never tag repository blobs";
    }
    return null;
  }

  /** Why the replicas this rule makes cannot be restored from, or null. */
  private static String whyReplicasUnreadable(ReplicationRule rule, String primaryBucket, String kmsEncryption) {
    String storageClass = rule.destination().storageClassAsString();
    if (storageClass != null && BlobVersion.ARCHIVE_CLASSES.contains(storageClass)) {
      return "stores replicas in " + storageClass + ": their sizes match, and a restore cannot read them until each"
          + " is restored with RestoreObject; set Destination.StorageClass to STANDARD, STANDARD_IA or GLACIER_IR";
    }
    if (kmsEncryption == null) {
      return null;
    }
    boolean selectsKms = rule.sourceSelectionCriteria() != null
        && rule.sourceSelectionCriteria().sseKmsEncryptedObjects() != null
        && rule.sourceSelectionCriteria().sseKmsEncryptedObjects().status() == SseKmsEncryptedObjectsStatus.ENABLED;
    boolean replicaKey = rule.destination().encryptionConfiguration() != null
        && rule.destination().encryptionConfiguration().replicaKmsKeyID() != null;
    if (selectsKms && replicaKey) {
      return null;
    }
    return "bucket " + primaryBucket + " encrypts new objects with " + kmsEncryption + " by default and S3 replicates"
        + " SSE-KMS objects only when the rule selects them (Batch Replication skips them too): add"
        + " SourceSelectionCriteria.SseKmsEncryptedObjects Status Enabled"
        + (replicaKey ? "" : " and Destination.EncryptionConfiguration.ReplicaKmsKeyID (a KMS key in the replica's region)")
        + " to the rule, and let the replication role use both keys";
  }

  /**
   * A rule without Filter is a V1 rule, which replicates delete markers made by users (never those of
   * lifecycle expiry); a V2 rule replicates them only with DeleteMarkerReplication enabled.
   */
  private static boolean replicatesDeleteMarkers(ReplicationRule rule) {
    if (rule.filter() == null) {
      return true;
    }
    return rule.deleteMarkerReplication() != null
        && rule.deleteMarkerReplication().status() == DeleteMarkerReplicationStatus.ENABLED;
  }

  /** The bucket's default SSE-KMS algorithm (aws:kms, aws:kms:dsse), or null for none or unknown. */
  private static String defaultKmsEncryption(S3Client s3, String bucket) {
    try {
      for (ServerSideEncryptionRule rule :
          s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules()) {
        String algorithm = rule.applyServerSideEncryptionByDefault() == null ? null
            : rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString();
        if (algorithm != null && algorithm.startsWith("aws:kms")) {
          return algorithm;
        }
      }
      return null;
    } catch (S3Exception e) {
      // 404: no default encryption (S3-compatible servers; AWS always has SSE-S3 at least);
      // 501: not implemented; 403: not allowed to read it, so the rule is judged without it
      if (e.statusCode() == 404 || e.statusCode() == 501 || e.statusCode() == 403) {
        return null;
      }
      throw e;
    }
  }

  /** V1 rules have no Priority; V2 rules always do. */
  private static int priority(ReplicationRule rule) {
    return rule.priority() == null ? 0 : rule.priority();
  }

  @SuppressWarnings("deprecation")
  private static String prefix(ReplicationRule rule) {
    ReplicationRuleFilter filter = rule.filter();
    String prefix = null;
    if (filter != null) {
      prefix = filter.and() != null ? filter.and().prefix() : filter.prefix();
    } else {
      prefix = rule.prefix();
    }
    return prefix == null ? "" : prefix;
  }
}

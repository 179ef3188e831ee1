package io.snapdrill.activities.storage;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ReplicationRuleCheck;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleFilter;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationTimeStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Finds the primary bucket's replication rule that copies the repository to the replica bucket. */
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
    List<String> rejected = new ArrayList<>();
    for (ReplicationRule rule : configuration.rules()) {
      String why = whyNot(rule, primary.keyPrefix(), replica.bucket());
      if (why == null) {
        return new ReplicationRuleCheck(primary.bucket(), replica.bucket(), rule.id(),
            rule.deleteMarkerReplication() != null
                && rule.deleteMarkerReplication().status() == DeleteMarkerReplicationStatus.ENABLED,
            rule.destination().replicationTime() != null
                && rule.destination().replicationTime().status() == ReplicationTimeStatus.ENABLED);
      }
      rejected.add("rule '" + rule.id() + "' " + why);
    }
    throw FailureType.REPLICATION_NOT_CONFIGURED.failure("bucket " + primary.bucket()
        + " has no enabled replication rule copying the repository prefix '" + primary.keyPrefix() + "' to bucket "
        + replica.bucket() + (rejected.isEmpty() ? " (it has no rules)" : ": " + String.join("; ", rejected)));
  }

  static String whyNot(ReplicationRule rule, String keyPrefix, String replicaBucket) {
    if (rule.status() != ReplicationRuleStatus.ENABLED) {
      return "is disabled";
    }
    String destination = rule.destination() == null ? null : rule.destination().bucket();
    if (destination == null || !(destination.equals(replicaBucket) || destination.endsWith(":::" + replicaBucket))) {
      return "copies to " + destination + ", not to " + replicaBucket;
    }
    String rulePrefix = prefix(rule);
    if (!keyPrefix.startsWith(rulePrefix)) {
      return "only covers prefix '" + rulePrefix + "'";
    }
    ReplicationRuleFilter filter = rule.filter();
    if (filter != null && (filter.tag() != null || (filter.and() != null && !filter.and().tags().isEmpty()))) {
      return "only copies tagged objects, and Elasticsearch/OpenSearch never tag repository blobs";
    }
    return null;
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

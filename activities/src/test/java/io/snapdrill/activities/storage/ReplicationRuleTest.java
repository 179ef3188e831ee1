package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.testing.LocalS3Server;
import io.snapdrill.activities.testing.S3Stub;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ReplicationRuleCheck;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationTimeStatus;

/**
 * checkReplicationRule against local-s3, which stores replication configurations (S3Mock 5.2.0
 * misroutes them). Neither server replicates anything; ReplicaCheckTest covers the copying.
 */
class ReplicationRuleTest {
  private static final LocalS3Server SERVER = LocalS3Server.shared();
  private static final String ROLE = "arn:aws:iam::123456789012:role/replication";

  private final S3Client s3 = SERVER.client();
  private BucketConfig primary;
  private BucketConfig replica;
  private TestActivityEnvironment env;
  private ReplicationActivities activities;

  @BeforeEach
  void setUp() {
    primary = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("rr-primary"), "snapshots/prod");
    replica = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("rr-replica"), "snapshots/prod");
    for (String bucket : new String[] {primary.bucket(), replica.bucket()}) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ReplicationActivitiesImpl(
        StorageFixtures.directory("prod", primary, replica), StorageFixtures.clients()));
    activities = env.newActivityStub(ReplicationActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void ruleCoveringThePrefixToTheReplicaIsFound() {
    putRules(rule("other-data", "logs/", replica.bucket(), ReplicationRuleStatus.ENABLED),
        rule("repository", "snapshots/", replica.bucket(), ReplicationRuleStatus.ENABLED).toBuilder()
            .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED))
            .destination(d -> d.bucket("arn:aws:s3:::" + replica.bucket())
                .replicationTime(t -> t.status(ReplicationTimeStatus.ENABLED).time(v -> v.minutes(15)))
                .metrics(m -> m.status(software.amazon.awssdk.services.s3.model.MetricsStatus.ENABLED)
                    .eventThreshold(v -> v.minutes(15))))
            .build());
    ReplicationRuleCheck check = activities.checkReplicationRule(new StorageCheckRequest("prod", "s", 1));
    assertThat(check.ruleId()).isEqualTo("repository");
    assertThat(check.primaryBucket()).isEqualTo(primary.bucket());
    assertThat(check.replicaBucket()).isEqualTo(replica.bucket());
    assertThat(check.deleteMarkerReplication()).isTrue();
    assertThat(check.replicationTimeControl()).isTrue();
  }

  @Test
  void noReplicationConfiguration() {
    assertNotConfigured("bucket " + primary.bucket() + " has no replication configuration");
  }

  @Test
  void rulesThatDoNotFitAreEachExplained() {
    putRules(rule("logs-only", "logs/", replica.bucket(), ReplicationRuleStatus.ENABLED),
        rule("paused", "snapshots/prod/", replica.bucket(), ReplicationRuleStatus.DISABLED),
        rule("elsewhere", "", "some-other-bucket", ReplicationRuleStatus.ENABLED));
    String message = assertNotConfigured("has no enabled replication rule copying the repository prefix 'snapshots/prod/'");
    assertThat(message).contains("rule 'logs-only' only covers prefix 'logs/'")
        .contains("rule 'paused' is disabled")
        .contains("rule 'elsewhere' copies to arn:aws:s3:::some-other-bucket, not to " + replica.bucket());
  }

  // Below: GetBucketReplication and GetBucketEncryption answers in the shapes AWS documents, served by
  // WireMock, because local-s3 stores a configuration but never applies one.

  /**
   * A V1 rule (Prefix, no Filter) replicates delete markers made by users: "If you use V1 of the
   * replication configuration XML, Amazon S3 replicates delete markers that resulted from user
   * actions" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html#replication-backward-compat-considerations).
   */
  @Test
  void v1RuleReplicatesDeleteMarkers() {
    try (S3Stub stub = new S3Stub()) {
      stub.bucketGet("primary", "replication", 200, configuration(
          "<Rule><ID>v1</ID><Status>Enabled</Status><Prefix>snapshots/</Prefix>"
              + "<Destination><Bucket>arn:aws:s3:::replica</Bucket></Destination></Rule>"));
      ReplicationRuleCheck check = ReplicationRules.check(stub.client(), stubbed(stub, "primary"), stubbed(stub, "replica"));
      assertThat(check.ruleId()).isEqualTo("v1");
      assertThat(check.deleteMarkerReplication()).isTrue();
    }
  }

  /**
   * "By default, Amazon S3 doesn't replicate objects encrypted with SSE-KMS": on a bucket whose default
   * encryption is aws:kms a rule without SourceSelectionCriteria.SseKmsEncryptedObjects copies nothing.
   */
  @Test
  void sseKmsBucketNeedsTheRuleToSelectKmsEncryptedObjects() {
    try (S3Stub stub = new S3Stub()) {
      stub.bucketGet("primary", "encryption", 200, S3Stub.document("ServerSideEncryptionConfiguration",
          "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
              + "<KMSMasterKeyID>arn:aws:kms:us-east-1:123456789012:key/1234abcd</KMSMasterKeyID>"
              + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>"));
      stub.bucketGet("primary", "replication", 200, configuration(v2Rule("plain", 1, "snapshots/", "", "")));
      assertThat(notConfigured(stub)).contains("rule 'plain'").contains("aws:kms")
          .contains("SseKmsEncryptedObjects").contains("ReplicaKmsKeyID");

      stub.bucketGet("primary", "replication", 200, configuration(v2Rule("kms", 1, "snapshots/",
          "<SourceSelectionCriteria><SseKmsEncryptedObjects><Status>Enabled</Status></SseKmsEncryptedObjects>"
              + "</SourceSelectionCriteria>",
          "<EncryptionConfiguration><ReplicaKmsKeyID>arn:aws:kms:eu-west-1:123456789012:key/5678efgh"
              + "</ReplicaKmsKeyID></EncryptionConfiguration>")));
      assertThat(ReplicationRules.check(stub.client(), stubbed(stub, "primary"), stubbed(stub, "replica")).ruleId())
          .isEqualTo("kms");
    }
  }

  /** Replicas in DEEP_ARCHIVE have the right size, and a restore cannot read them. */
  @Test
  void archiveStorageClassForReplicasIsRejected() {
    try (S3Stub stub = new S3Stub()) {
      stub.bucketGet("primary", "replication", 200, configuration(
          v2Rule("cold", 1, "snapshots/", "", "<StorageClass>DEEP_ARCHIVE</StorageClass>")));
      assertThat(notConfigured(stub)).contains("rule 'cold'").contains("DEEP_ARCHIVE").contains("RestoreObject");

      stub.bucketGet("primary", "replication", 200, configuration(
          v2Rule("instant", 1, "snapshots/", "", "<StorageClass>GLACIER_IR</StorageClass>")));
      assertThat(ReplicationRules.check(stub.client(), stubbed(stub, "primary"), stubbed(stub, "replica")).ruleId())
          .isEqualTo("instant");
    }
  }

  /**
   * "If there are two or more rules with the same destination bucket, then objects will be replicated
   * according to the rule with the highest priority" (API_ReplicationRule, Priority): list order means
   * nothing, and a higher-priority rule for part of the repository decides for that part.
   */
  @Test
  void rulesAreJudgedByPriorityNotListOrder() {
    try (S3Stub stub = new S3Stub()) {
      stub.bucketGet("primary", "replication", 200, configuration(
          v2Rule("first-listed", 1, "snapshots/", "", "")
              + v2Rule("higher", 5, "snapshots/prod/", "", "")));
      ReplicationRuleCheck check = ReplicationRules.check(stub.client(), stubbed(stub, "primary"), stubbed(stub, "replica"));
      assertThat(check.ruleId()).isEqualTo("higher");
      assertThat(check.deleteMarkerReplication()).isTrue();

      stub.bucketGet("primary", "replication", 200, configuration(
          v2Rule("whole-repository", 1, "snapshots/", "", "")
              + v2Rule("indices-cold", 9, "snapshots/prod/indices/", "", "<StorageClass>GLACIER</StorageClass>")));
      assertThat(notConfigured(stub)).contains("rule 'indices-cold' (priority 9)")
          .contains("snapshots/prod/indices/").contains("GLACIER");
    }
  }

  private String notConfigured(S3Stub stub) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> ReplicationRules.check(stub.client(), stubbed(stub, "primary"), stubbed(stub, "replica")));
    assertThat(thrown).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure failure = (ApplicationFailure) thrown;
    assertThat(failure.getType()).isEqualTo(FailureType.REPLICATION_NOT_CONFIGURED.name());
    assertThat(failure.isNonRetryable()).isTrue();
    return failure.getOriginalMessage();
  }

  private static BucketConfig stubbed(S3Stub stub, String bucket) {
    return StorageFixtures.bucket(stub.endpoint(), bucket, "snapshots/prod");
  }

  private static String configuration(String rules) {
    return S3Stub.document("ReplicationConfiguration", "<Role>" + ROLE + "</Role>" + rules);
  }

  /** A V2 rule to the bucket "replica"; the first rule's delete markers are off, the others' on. */
  private static String v2Rule(String id, int priority, String prefix, String criteria, String destination) {
    return "<Rule><ID>" + id + "</ID><Priority>" + priority + "</Priority><Status>Enabled</Status>"
        + "<Filter><Prefix>" + prefix + "</Prefix></Filter>" + criteria
        + "<DeleteMarkerReplication><Status>" + (priority > 1 ? "Enabled" : "Disabled") + "</Status></DeleteMarkerReplication>"
        + "<Destination><Bucket>arn:aws:s3:::replica</Bucket>" + destination + "</Destination></Rule>";
  }

  private String assertNotConfigured(String expected) {
    StorageCheckRequest request = new StorageCheckRequest("prod", "s", 1);
    var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> activities.checkReplicationRule(request));
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo(FailureType.REPLICATION_NOT_CONFIGURED.name());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains(expected);
    return failure.getOriginalMessage();
  }

  private void putRules(ReplicationRule... rules) {
    s3.putBucketReplication(b -> b.bucket(primary.bucket())
        .replicationConfiguration(c -> c.role(ROLE).rules(rules)));
  }

  private static ReplicationRule rule(String id, String prefix, String destination, ReplicationRuleStatus status) {
    return ReplicationRule.builder().id(id).priority(1).status(status)
        .filter(f -> f.prefix(prefix))
        .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
        .destination(d -> d.bucket("arn:aws:s3:::" + destination))
        .build();
  }

}

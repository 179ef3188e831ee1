package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.testing.LocalS3Server;
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

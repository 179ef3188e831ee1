package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * AUDIT_STORAGE on S3Mock (versioning, ListObjectVersions, delete markers, lifecycle configuration
 * storage) with a repository Elasticsearch 8.19 wrote. S3Mock never expires anything, so the test
 * puts the delete marker a 7-day expiration rule would have put.
 */
class StorageAuditActivitiesTest {
  private static final S3MockServer SERVER = S3MockServer.shared();
  private static final String PREFIX = "snapshots/prod";

  private final S3Client s3 = SERVER.client();
  private TestActivityEnvironment env;
  private StorageAuditActivities activities;
  private BucketConfig primary;
  private BucketConfig replica;

  @BeforeEach
  void setUp() {
    primary = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("primary"), PREFIX);
    replica = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("replica"), PREFIX);
    SERVER.createVersionedBucket(s3, primary.bucket());
    SERVER.createVersionedBucket(s3, replica.bucket());
    Path repository = FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH);
    RepositoryBuckets.upload(s3, repository, primary.bucket(), primary.keyPrefix());
    RepositoryBuckets.upload(s3, repository, replica.bucket(), replica.keyPrefix());

    env = TestActivityEnvironment.newInstance();
    activities = StorageFixtures.storageAudit(env, primary, replica);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void wholeBucketSevenDayExpirationIsAHazardAndTheSameRuleScopedAwayIsSafe() {
    s3.putBucketLifecycleConfiguration(b -> b.bucket(primary.bucket()).lifecycleConfiguration(c -> c.rules(
        LifecycleRule.builder().id("expire-7d").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("")).expiration(e -> e.days(7)).build())));
    s3.putBucketLifecycleConfiguration(b -> b.bucket(replica.bucket()).lifecycleConfiguration(c -> c.rules(
        LifecycleRule.builder().id("expire-7d").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("auto-purge/")).expiration(e -> e.days(7)).build(),
        // S3Mock 5.2.0 drops Filter.Tag and And.Tags when it stores a configuration: tag filters are
        // covered by LifecycleAnalyzerTest's table (from the CLI's JSON) instead
        LifecycleRule.builder().id("instant-retrieval").status(ExpirationStatus.ENABLED)
            .filter(f -> f.and(a -> a.prefix("snapshots/").objectSizeGreaterThan(1000L)))
            .transitions(t -> t.days(30).storageClass(TransitionStorageClass.GLACIER_IR)).build(),
        LifecycleRule.builder().id("old-versions").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("snapshots/")).noncurrentVersionExpiration(n -> n.noncurrentDays(30)).build())));

    StorageAudit audit = activities.auditStorage(new StorageCheckRequest("prod", "ignored", 1));

    assertThat(audit.findings(LifecycleVerdict.HAZARD)).singleElement().satisfies(f -> {
      assertThat(f.bucket()).isEqualTo(primary.bucket());
      assertThat(f.ruleId()).isEqualTo("expire-7d");
      assertThat(f.reason()).contains("after 7 days");
      assertThat(f.fix()).contains("except 'snapshots/'").doesNotContain("auto-purge/");
    });
    BucketAudit replicaAudit = audit.buckets().get(1);
    assertThat(replicaAudit.lifecycle()).extracting(LifecycleFinding::ruleId, LifecycleFinding::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("expire-7d", LifecycleVerdict.SAFE),
            org.assertj.core.groups.Tuple.tuple("instant-retrieval", LifecycleVerdict.SAFE),
            org.assertj.core.groups.Tuple.tuple("old-versions", LifecycleVerdict.WARNING));
    assertThat(audit.unversioned()).isEmpty();
    assertThat(audit.markersHidingNeededBlobs()).isEmpty();
  }

  @Test
  void unversionedBucketIsReported() {
    String bucket = StorageFixtures.uniqueBucket("plain");
    s3.createBucket(b -> b.bucket(bucket));
    env.close();
    env = TestActivityEnvironment.newInstance();
    BucketConfig plain = StorageFixtures.bucket(SERVER.endpoint(), bucket, PREFIX);
    env.registerActivitiesImplementations(new StorageAuditActivitiesImpl(
        StorageFixtures.directory("prod", primary, plain), StorageFixtures.clients()));
    StorageAuditActivities stub = env.newActivityStub(StorageAuditActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).build());
    StorageAudit audit = stub.auditStorage(new StorageCheckRequest("prod", "ignored", 1));
    assertThat(audit.unversioned()).extracting(BucketAudit::bucket).containsExactly(bucket);
  }
}

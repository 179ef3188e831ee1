package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.repository.SnapshotBlobs;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
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
    env.registerActivitiesImplementations(new StorageAuditActivitiesImpl(
        StorageFixtures.directory("prod", primary, replica), StorageFixtures.clients()));
    activities = env.newActivityStub(StorageAuditActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
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
      assertThat(f.fix()).contains("auto-purge/");
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

  /** The restore-a-thon failure: a delete marker over a blob of the FIRST snapshot breaks them all. */
  @Test
  void deleteMarkerOnAFirstSnapshotBlobIsFoundNamedAndHealed(@TempDir Path work) {
    RepositoryReader reader = new RepositoryReader(new S3BlobStore(s3, primary.bucket(), primary.keyPrefix()));
    var root = reader.latestRoot();
    RepositoryData data = reader.repositoryData(root);
    SnapshotBlobs first = reader.requiredBlobs(root, data, "snap-1");
    String logsPath = "indices/" + data.indices().get("logs").id() + "/";
    String shared = first.blobs().stream()
        .filter(b -> b.need() == RequiredBlob.Need.DATA && b.key().startsWith(logsPath))
        .map(RequiredBlob::key).findFirst().orElseThrow();
    String sharedKey = primary.keyPrefix() + shared;
    // what a 7-day expiration rule does on a versioned bucket; plus a stray object nobody needs
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(sharedKey));
    String strayKey = primary.keyPrefix() + "indices/stray/0/__leftover";
    s3.putObject(b -> b.bucket(primary.bucket()).key(strayKey), RequestBody.fromString("x"));
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(strayKey));

    StorageAudit audit = activities.auditStorage(new StorageCheckRequest("prod", data.snapshot("snap-2").orElseThrow().uuid(), 1));

    List<DeleteMarker> breaking = audit.markersHidingNeededBlobs();
    assertThat(breaking).singleElement().satisfies(m -> {
      assertThat(m.bucket()).isEqualTo(primary.bucket());
      assertThat(m.key()).isEqualTo(sharedKey);
      assertThat(m.breaksSnapshots()).containsExactly("snap-1", "snap-2", "snap-3");
      assertThat(m.healable()).isTrue();
    });
    assertThat(audit.buckets().get(0).deleteMarkers()).filteredOn(m -> !m.neededBySnapshot())
        .extracting(DeleteMarker::key).containsExactly(strayKey);
    assertThat(audit.buckets().get(1).deleteMarkers()).isEmpty();

    HealReport dryRun = activities.healDeleteMarkers(new HealRequest("prod", breaking, true));
    assertThat(dryRun.dryRun()).isTrue();
    assertThat(dryRun.removed()).hasSize(1);
    assertThat(activities.auditStorage(new StorageCheckRequest("prod", "x", 2)).markersHidingNeededBlobs())
        .as("a dry run changes nothing").hasSize(1);

    HealReport healed = activities.healDeleteMarkers(new HealRequest("prod", breaking, false));
    assertThat(healed.removed()).containsExactlyElementsOf(breaking);
    assertThat(healed.unhealable()).isEmpty();
    HealReport again = activities.healDeleteMarkers(new HealRequest("prod", breaking, false));
    assertThat(again.removed()).as("idempotent").containsExactlyElementsOf(breaking);

    assertThat(activities.auditStorage(new StorageCheckRequest("prod", "x", 3)).markersHidingNeededBlobs()).isEmpty();
    // the repository lists and reads again: every blob of every snapshot is back, byte for byte
    Path copy = RepositoryBuckets.download(s3, primary.bucket(), primary.keyPrefix(), work.resolve("repo"));
    RepositoryReader healedReader = new RepositoryReader(new io.snapdrill.activities.blob.DirectoryBlobStore(copy));
    var healedRoot = healedReader.latestRoot();
    for (String snapshot : List.of("snap-1", "snap-2", "snap-3")) {
      SnapshotBlobs blobs = healedReader.requiredBlobs(healedRoot, healedReader.repositoryData(healedRoot), snapshot);
      for (RequiredBlob blob : blobs.blobs()) {
        assertThat(copy.resolve(blob.key())).as(blob.key()).hasSameBinaryContentAs(
            FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH).resolve(blob.key()));
      }
    }
  }

  @Test
  void markerWithNothingUnderItIsUnhealable() {
    // a marker whose versions were all deleted since (what NoncurrentVersionExpiration leaves)
    String key = primary.keyPrefix() + "indices/expired/0/__gone";
    String version = s3.putObject(b -> b.bucket(primary.bucket()).key(key), RequestBody.fromString("x")).versionId();
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(key));
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(key).versionId(version));
    var listing = new S3BlobStore(s3, primary.bucket(), "").listVersions(key).hiddenBlobs();
    assertThat(listing).singleElement().satisfies(h -> assertThat(h.previous()).isNull());
    DeleteMarker marker = new DeleteMarker(primary.bucket(), key, listing.get(0).markerVersionId(), null, List.of("snap-1"));
    DeleteMarker elsewhere = new DeleteMarker("someone-elses-bucket", key, "v1", "v0", List.of("snap-1"));
    HealReport report = activities.healDeleteMarkers(new HealRequest("prod", List.of(marker, elsewhere), false));
    assertThat(report.removed()).isEmpty();
    assertThat(report.unhealable()).containsExactly(marker, elsewhere);
  }
}

package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.blob.HiddenBlobScan;
import io.snapdrill.activities.blob.ImmutableBlobCache;
import io.snapdrill.activities.blob.RequestCounter;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * AUDIT_STORAGE's S3 work at scale, counted per bucket on S3Mock with the Elasticsearch 8.19 fixture
 * (42 objects) listed 5 keys a page: no metadata read when nothing is hidden, a checkpoint per
 * listing page, and a retried attempt that goes on from the last checkpoint with the same audit.
 */
class StorageAuditScaleTest {
  private static final S3MockServer SERVER = S3MockServer.shared();
  private static final String PREFIX = "snapshots/prod";
  private static final int PAGE = 5;

  private final S3Client s3 = SERVER.client();
  private final RequestCounter primaryRequests = new RequestCounter();
  private final RequestCounter replicaRequests = new RequestCounter();
  private BucketConfig primary;
  private BucketConfig replica;
  private int objects;
  private TestActivityEnvironment env;
  /** This test's own stand-in for the worker's cache of immutable metadata. */
  private final ImmutableBlobCache cache = new ImmutableBlobCache(ImmutableBlobCache.DEFAULT_MAX_BYTES);

  @BeforeEach
  void setUp() {
    primary = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("scale-primary"), PREFIX);
    replica = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("scale-replica"), PREFIX);
    SERVER.createVersionedBucket(s3, primary.bucket());
    SERVER.createVersionedBucket(s3, replica.bucket());
    Path repository = FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH);
    objects = RepositoryBuckets.upload(s3, repository, primary.bucket(), primary.keyPrefix()).size();
    RepositoryBuckets.upload(s3, repository, replica.bucket(), replica.keyPrefix());
  }

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void nothingHiddenMeansNoMetadataReadAndOneListingPerPage() {
    StorageAudit audit = activities(1000).auditStorage(new StorageCheckRequest("prod", "ignored", 1));

    assertThat(audit.buckets()).allSatisfy(b -> assertThat(b.deleteMarkers()).isEmpty());
    // which snapshot needs which blob matters only for a hidden blob: no shard snap-*.dat, no root
    assertThat(primaryRequests.count("GetObject")).isZero();
    assertThat(replicaRequests.count("GetObject")).isZero();
    assertThat(primaryRequests.count("ListObjectVersions")).isEqualTo(1);
    assertThat(replicaRequests.count("ListObjectVersions")).isEqualTo(1);
  }

  @Test
  void smallPagesCostCeilObjectsOverPageListingRequests() {
    StorageAudit audit = activities(PAGE).auditStorage(new StorageCheckRequest("prod", "ignored", 1));

    assertThat(audit.buckets()).allSatisfy(b -> assertThat(b.deleteMarkers()).isEmpty());
    assertThat(primaryRequests.count("ListObjectVersions")).isEqualTo((objects + PAGE - 1) / PAGE);
    assertThat(replicaRequests.count("ListObjectVersions")).isEqualTo((objects + PAGE - 1) / PAGE);
  }

  @Test
  void aRetryFromTheCheckpointOfPageKGivesTheAuditOfAFullRun() {
    hideANeededBlobAndLeaveStrays();
    StorageAudit full = activities(PAGE).auditStorage(new StorageCheckRequest("prod", "ignored", 1));
    long fullListings = primaryRequests.count("ListObjectVersions");
    assertThat(full.markersHidingNeededBlobs()).hasSize(1);
    assertThat(full.buckets().get(0).needlessMarkerCount()).isEqualTo(BucketAudit.NEEDLESS_LISTED + 2);

    // what the attempt before heartbeated after its 4th page of the primary (the stray keys come
    // after the hidden data blob, so the checkpoint already carries a hidden key)
    List<HiddenBlobScan.Position> checkpoints = new ArrayList<>();
    new HiddenBlobScan(new S3BlobStore(s3, primary.bucket(), primary.keyPrefix(), PAGE), "", null)
        .run(scan -> checkpoints.add(scan.checkpoint()));
    assertThat(checkpoints).hasSize((int) fullListings);
    int k = 4;
    HiddenBlobScan.Position afterK = checkpoints.get(k - 1);
    assertThat(afterK.pages()).isEqualTo(k);
    assertThat(afterK.done()).isFalse();

    env.close();
    primaryRequests.reset();
    replicaRequests.reset();
    StorageAuditActivities retried = activities(PAGE);
    env.setHeartbeatDetails(new AuditProgress(afterK, null));
    List<Object> heartbeats = new ArrayList<>();
    env.setActivityHeartbeatListener(AuditProgress.class, heartbeats::add);
    StorageAudit resumed = retried.auditStorage(new StorageCheckRequest("prod", "ignored", 2));

    assertThat(resumed).isEqualTo(full);
    assertThat(primaryRequests.count("ListObjectVersions")).isEqualTo(fullListings - k);
    assertThat(heartbeats).isNotEmpty();
  }

  @Test
  void aRetryAfterTheNeedsBeganReadsOnlyTheMetadataOfSnapshotsNotYetWorkedOut() {
    hideANeededBlobAndLeaveStrays();
    StorageAudit full = activities(PAGE).auditStorage(new StorageCheckRequest("prod", "ignored", 1));
    long fullReads = primaryRequests.count("GetObject");

    // what the attempt before heartbeated once both scans were done and it had worked out the first
    // snapshot's needs (the heartbeats a test environment passes on are throttled: taken here as the activity does)
    HiddenBlobScan.Position primaryDone = scanned(primary);
    HiddenBlobScan.Position replicaDone = scanned(replica);
    Set<String> keys = new LinkedHashSet<>(StorageAuditor.keys(primaryDone.hidden()));
    keys.addAll(StorageAuditor.keys(replicaDone.hidden()));
    List<RepositoryReader.NeedsPosition> checkpoints = new ArrayList<>();
    StorageAuditor.snapshotsByBlob(new S3BlobStore(s3, primary.bucket(), primary.keyPrefix()), keys, null,
        checkpoints::add);
    RepositoryReader.NeedsPosition afterFirst = checkpoints.stream().filter(p -> p.snapshots() == 1).findFirst()
        .orElseThrow();
    assertThat(afterFirst.byBlob()).isNotEmpty();

    env.close();
    primaryRequests.reset();
    replicaRequests.reset();
    cache.clear(); // another worker: nothing cached, so every metadata read is a GET
    StorageAuditActivities retried = activities(PAGE);
    env.setHeartbeatDetails(new AuditProgress(primaryDone, replicaDone, afterFirst));
    StorageAudit resumed = retried.auditStorage(new StorageCheckRequest("prod", "ignored", 2));

    assertThat(resumed).isEqualTo(full);
    assertThat(primaryRequests.count("ListObjectVersions")).isZero();
    long remaining = getsToWorkOut(1);
    assertThat(primaryRequests.count("GetObject")).isEqualTo(remaining).isLessThan(fullReads);
  }

  private HiddenBlobScan.Position scanned(BucketConfig bucket) {
    List<HiddenBlobScan.Position> positions = new ArrayList<>();
    new HiddenBlobScan(new S3BlobStore(s3, bucket.bucket(), bucket.keyPrefix(), PAGE), "", null)
        .run(scan -> positions.add(scan.checkpoint()));
    HiddenBlobScan.Position last = positions.get(positions.size() - 1);
    assertThat(last.done()).isTrue();
    return last;
  }

  /** The GETs a reader new to the primary makes to work out the needs of every snapshot after the first {@code skip}. */
  private long getsToWorkOut(int skip) {
    RequestCounter gets = new RequestCounter();
    S3Client counted = StorageFixtures.clients(gets).s3(primary);
    RepositoryReader reader = new RepositoryReader(new S3BlobStore(counted, primary.bucket(), primary.keyPrefix()));
    RepositoryReader.RootBlob root = reader.latestRoot();
    RepositoryData data = reader.repositoryData(root);
    data.snapshots().stream().skip(skip).forEach(s -> reader.requiredBlobs(root, data, s.uuid()));
    return gets.count("GetObject");
  }

  @Test
  void aSecondAuditOfTheDrillReadsNoImmutableMetadataAgain() {
    hideANeededBlobAndLeaveStrays();
    StorageAudit first = activities(1000).auditStorage(new StorageCheckRequest("prod", "ignored", 1));
    long firstReads = primaryRequests.count("GetObject");
    env.close();
    primaryRequests.reset();

    StorageAudit second = activities(1000).auditStorage(new StorageCheckRequest("prod", "ignored", 2));

    assertThat(second).isEqualTo(first);
    assertThat(firstReads).isGreaterThan(10);
    // index.latest and the root index-N, which are not immutable; every snap-, meta- and shard blob from the cache
    assertThat(primaryRequests.count("GetObject")).isEqualTo(2);
    assertThat(replicaRequests.count("GetObject")).isZero();
  }

  @Test
  void aScanGoesOnAcrossAKeyWhoseVersionsSpanTwoPages() {
    // one key with many versions under its marker: page boundaries fall inside its versions
    String key = primary.keyPrefix() + "indices/stray/0/__many-versions";
    for (int i = 0; i < 2 * PAGE + 1; i++) {
      s3.putObject(b -> b.bucket(primary.bucket()).key(key), RequestBody.fromString("v"));
    }
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(key));
    String latestReal = s3.listObjectVersions(b -> b.bucket(primary.bucket()).prefix(key)).versions().stream()
        .filter(v -> Boolean.FALSE.equals(v.isLatest())).findFirst().orElseThrow().versionId();

    S3BlobStore store = new S3BlobStore(s3, primary.bucket(), primary.keyPrefix(), PAGE);
    List<HiddenBlobScan.HiddenKey> whole = new HiddenBlobScan(store, "", null).run(scan -> {});
    List<HiddenBlobScan.HiddenKey> expected = store.listVersions("").hiddenBlobs().stream()
        .map(h -> new HiddenBlobScan.HiddenKey(h.key(), h.markerVersionId(), h.previous().versionId())).toList();
    assertThat(whole).isEqualTo(expected);
    assertThat(whole).singleElement().satisfies(h -> assertThat(h.previousVersionId()).isEqualTo(latestReal));

    // resumed from every page's checkpoint in turn: the same answer each time
    List<HiddenBlobScan.Position> checkpoints = new ArrayList<>();
    new HiddenBlobScan(store, "", null).run(scan -> checkpoints.add(scan.checkpoint()));
    for (HiddenBlobScan.Position checkpoint : checkpoints) {
      assertThat(new HiddenBlobScan(store, "", checkpoint).run(scan -> {})).as("from page " + checkpoint.pages())
          .isEqualTo(expected);
    }
  }

  private void hideANeededBlobAndLeaveStrays() {
    // a data blob of shard 0 of the first index (every snapshot needs it), as an expiry rule hides it
    String needed = s3.listObjectsV2(b -> b.bucket(primary.bucket()).prefix(primary.keyPrefix() + "indices/"))
        .contents().stream().map(o -> o.key()).filter(k -> k.contains("/0/__")).findFirst().orElseThrow();
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(needed));
    for (int i = 0; i < BucketAudit.NEEDLESS_LISTED + 2; i++) {
      String strayKey = primary.keyPrefix() + "indices/stray/0/__leftover-" + i;
      s3.putObject(b -> b.bucket(primary.bucket()).key(strayKey), RequestBody.fromString("x"));
      s3.deleteObject(b -> b.bucket(primary.bucket()).key(strayKey));
    }
  }

  private StorageAuditActivities activities(int pageSize) {
    ExecutionInterceptor byBucket = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        boolean toPrimary = context.httpRequest().encodedPath().startsWith("/" + primary.bucket());
        (toPrimary ? primaryRequests : replicaRequests).beforeTransmission(context, attributes);
      }
    };
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new StorageAuditActivitiesImpl(
        StorageFixtures.directory("prod", primary, replica), StorageFixtures.clients(byBucket), pageSize, cache));
    return env.newActivityStub(StorageAuditActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }
}
